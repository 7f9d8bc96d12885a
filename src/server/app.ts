// The HTTP server: Fastify with TypeBox schemas, an OpenAPI document at /api/openapi.json (browsable at
// /api/docs), and one error shape for every failure. Routes live in ./routes, one file per resource.
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { UserError, type ErrorCode } from '../domain/errors.ts';
import type { Store } from '../store/connect.ts';
import { ErrorBody } from './schemas.ts';
import { readRoutes } from './routes/read.ts';
import cookie from '@fastify/cookie';
import { LoginThrottle } from '../services/auth.ts';
import { enforceAccess } from './access.ts';
import { enableReadCache, type ReadCacheOptions } from './read-cache.ts';
import { authRoutes } from './routes/auth.ts';
import { claimRoutes } from './routes/claims.ts';
import { reviewRoutes } from './routes/review.ts';
import { agreementRoutes } from './routes/agreements.ts';
import { releaseRoutes } from './routes/releases.ts';
import { reportRoutes } from './routes/reports.ts';
import { overviewRoutes } from './routes/overview.ts';
import { webRoutes } from './routes/web.ts';
import { exportRoutes } from './routes/exports.ts';

export interface AppOptions {
  store: Store;
  logger?: boolean;
  /** Session cookies only over HTTPS (default). False (or TRUCE_INSECURE_COOKIES=1) for plain HTTP on a private network. */
  secureCookies?: boolean;
  /** Failed-login counter; tests pass their own to control the clock. */
  loginThrottle?: LoginThrottle;
  /**
   * Behind a load balancer or reverse proxy, the addresses (or hop count) whose X-Forwarded-For is believed, so the
   * client's own address is the one throttled and logged. Default $TRUCE_TRUST_PROXY: comma-separated addresses or
   * CIDRs of the proxies; unset, nothing is trusted.
   */
  trustProxy?: string | false;
  /** Bounds of the per-process cache of read responses keyed by the audit head (read-cache.ts). */
  readCache?: ReadCacheOptions;
}

const STATUS: Record<ErrorCode, number> = {
  'invalid-input': 400,
  unauthenticated: 401,
  forbidden: 403,
  'too-many-requests': 429,
  'not-found': 404,
  conflict: 409,
  'stale-version': 409,
  'database-unavailable': 503,
};

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, trustProxy: options.trustProxy ?? (process.env.TRUCE_TRUST_PROXY || false), ajv: { customOptions: { coerceTypes: true, removeAdditional: false } } }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(ErrorBody);
  await app.register(cookie);
  // Who may call what: one table in access.ts, enforced for every route registered after this line (all of them).
  enforceAccess(app, options.store);
  // Read-only routes answer with an ETag and from a cache of responses, checked against the audit head each time.
  enableReadCache(app, options.store, options.readCache);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'truce_session', description: 'from POST /api/session; writes also need the X-CSRF-Token header' },
          token: { type: 'http', scheme: 'bearer', description: 'an API token from POST /api/tokens or `truce user token`' },
        },
      },
      info: { title: 'Truce API', version: '0.1.0', description: 'Ceasefire monitoring: agreements, sourced incidents, reported series and their audit history.' },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.setErrorHandler((err: Error & { validation?: unknown; validationContext?: string; statusCode?: number; code?: string }, _req, reply) => {
    if (err instanceof UserError) {
      return reply.status(STATUS[err.code]).send({ error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } });
    }
    if (err.validation) {
      return reply.status(400).send({ error: { code: 'invalid-input', message: `${err.validationContext ?? 'request'} ${err.message.replace(/^(querystring|body|params|headers)\//, '')}` } });
    }
    if (err.statusCode && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: { code: 'invalid-input', message: err.message } });
    }
    app.log.error(err);
    // Nothing of the internal error leaves the server.
    return reply.status(500).send({ error: { code: 'internal', message: 'the server failed to handle this request; it has been logged' } });
  });
  // PostgreSQL cannot store or compare a NUL character in text, and no legitimate query or field holds one: refuse
  // it at the door, naming the field, rather than let one engine fail where the other would not.
  app.addHook('preValidation', async (req) => {
    const field = nulField({ query: req.query, params: req.params, body: req.body });
    if (field) throw new UserError('invalid-input', `${field} contains a NUL character (\\u0000); remove it and send the request again`, { field });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: { code: 'not-found', message: `no route ${req.method} ${req.url.split('?')[0]}; see /api/docs` } }));

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(readRoutes, { store: options.store });
  await app.register(authRoutes, { store: options.store, secureCookies: options.secureCookies ?? process.env.TRUCE_INSECURE_COOKIES !== '1', throttle: options.loginThrottle ?? new LoginThrottle() });
  await app.register(releaseRoutes, { store: options.store });
  await app.register(reportRoutes, { store: options.store });
  await app.register(claimRoutes, { store: options.store });
  await app.register(reviewRoutes, { store: options.store });
  await app.register(agreementRoutes, { store: options.store });
  await app.register(overviewRoutes, { store: options.store });
  await app.register(exportRoutes, { store: options.store });
  // The web app (web/dist) at / and every non-API path, for the app's own router.
  await app.register(webRoutes);
  return app;
}

/** The dotted path of the first string holding a NUL character, or null. */
function nulField(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const found = nulField(v, path ? `${path}.${k}` : k);
    if (found) return found;
  }
  return null;
}
