// Authorisation: ONE table of role × route × method, the single source of who may call what. A hook on every
// request (see `enforceAccess`) resolves the caller (session cookie, bearer token, or the anonymous public), looks
// the route up here and refuses with 401 (not signed in) or 403 (signed in, not allowed). A route missing from the
// table is refused for everyone (fail closed), and test/access.test.ts fails on it.
//
// Other route files (the web app's pages, the dashboard) add their lines to ACCESS below; a page everyone may see
// uses `EVERYONE`. Finer rules that depend on the record (which audit entities a role may read, a liaison's own
// party) are the helpers at the end of this file, also used by the routes, so they too live in one place.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UserError } from '../domain/errors.ts';
import type { Role, User } from '../domain/user.ts';
import { sessionFor, tokenUser, type TokenScope } from '../services/auth.ts';
import type { Store } from '../store/connect.ts';

export type AccessRole = Role | 'public';
export const ACCESS_ROLES: readonly AccessRole[] = ['admin', 'analyst', 'reviewer', 'liaison', 'viewer', 'public'];

export const EVERYONE: readonly AccessRole[] = ACCESS_ROLES;
export const SIGNED_IN: readonly AccessRole[] = ['admin', 'analyst', 'reviewer', 'liaison', 'viewer'];
/** Staff who read the internal record (everything but a liaison, who sees only their party's claims). */
export const STAFF: readonly AccessRole[] = ['admin', 'analyst', 'reviewer', 'viewer'];
export const EDITORS: readonly AccessRole[] = ['admin', 'analyst', 'reviewer'];
export const ADMIN: readonly AccessRole[] = ['admin'];

/** `METHOD url` (the url as registered, with :params) → the roles allowed. HEAD follows GET. */
export const ACCESS: Record<string, readonly AccessRole[]> = {
  // system and documentation
  'GET /': EVERYONE,
  'GET /api/health': EVERYONE,
  // counts of the internal record (drafts, protected documents): staff only
  'GET /api/status': STAFF,
  'GET /api/openapi.json': EVERYONE,
  // signing in
  'POST /api/session': EVERYONE,
  'GET /api/session': SIGNED_IN,
  'DELETE /api/session': SIGNED_IN,
  'GET /api/tokens': SIGNED_IN,
  'POST /api/tokens': SIGNED_IN,
  'DELETE /api/tokens/:id': SIGNED_IN,
  'GET /api/users': ADMIN,
  'POST /api/users': ADMIN,
  'PATCH /api/users/:id': ADMIN,
  // the record (the public and liaisons read the latest release through the presenter)
  'GET /api/agreements': EVERYONE,
  'GET /api/agreements/:id': EVERYONE,
  'GET /api/agreements/:id/compliance': EVERYONE,
  // every incident behind one of its evidence lists, a page at a time: as the report (which names the latest 100)
  'GET /api/agreements/:id/compliance/evidence': EVERYONE,
  // situation reports: the public and liaisons get a release (routes/reports.ts)
  'GET /api/agreements/:id/report': EVERYONE,
  'GET /api/incidents': EVERYONE,
  'GET /api/incidents/:id': EVERYONE,
  'GET /api/sources': EVERYONE,
  'GET /api/sources/:id': STAFF,
  'GET /api/series': EVERYONE,
  'GET /api/series/:id/points': EVERYONE,
  'GET /api/audit/:entity/:id': EVERYONE,
  'GET /api/claims': [...STAFF, 'liaison'],
  'POST /api/claims': ['admin', 'analyst', 'liaison'],
  'GET /api/releases': EVERYONE,
  'GET /api/releases/:number': EVERYONE,
  'POST /api/releases': ADMIN,
  // intake and review (services/ingest.ts, services/review.ts): staff read the queue, editors work it, and only
  // reviewers (and admins) verify and publish — the four-eyes rule is checked on top, per record
  'POST /api/sources': EDITORS,
  'POST /api/sources/file': EDITORS,
  'POST /api/extract': EDITORS,
  'GET /api/review': STAFF,
  'GET /api/review/:id': STAFF,
  'PATCH /api/review/:id': EDITORS,
  'POST /api/review/:id/accept': EDITORS,
  'POST /api/review/:id/reject': EDITORS,
  'POST /api/review/:id/grade': EDITORS,
  'POST /api/review/:id/merge': EDITORS,
  'POST /api/review/:id/split': EDITORS,
  'POST /api/review/:id/verify': ['admin', 'reviewer'],
  'POST /api/review/:id/publish': ['admin', 'reviewer'],
  // agreements as data: loading one is an admin's act; analysts redraw lines as the parties move them
  'POST /api/agreements': ADMIN,
  'POST /api/agreements/:id/geometry': ['admin', 'analyst'],
  'GET /api/agreements/:id/tallies': STAFF,
  // exports in the field's formats (routes/exports.ts): the public gets the latest release, staff the record
  'GET /api/exports/:format': EVERYONE,
  // the web app's aggregates (the public reads the latest release) and its pages
  'GET /api/agreements/:id/overview': EVERYONE,
  'GET /api/agreements/:id/map': EVERYONE,
  'GET /assets/*': EVERYONE,
  'GET /*': EVERYONE,
};

/** Route prefixes served by plugins with many internal routes (the OpenAPI browser); readable by everyone. */
export const PUBLIC_PREFIXES = ['/api/docs'];

export function allowedRoles(method: string, url: string): readonly AccessRole[] | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  const rule = ACCESS[`${m} ${url}`];
  if (rule) return rule;
  if (m === 'GET' && PUBLIC_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`))) return EVERYONE;
  return undefined;
}

export type Principal =
  | { role: 'public'; user: null; via: 'none' }
  | { role: Role; user: User; via: 'session'; csrfToken: string; cookie: string }
  | { role: Role; user: User; via: 'token'; scope: TokenScope };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  /** left out of the OpenAPI document (the document itself, the docs browser, the HTML front page) */
  hidden: boolean;
}
const ROUTES = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route registered on the app (for the exhaustive access and OpenAPI tests). */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  return ROUTES.get(app) ?? [];
}

export const SESSION_COOKIE = 'truce_session';
export const CSRF_HEADER = 'x-csrf-token';
const PUBLIC: Principal = { role: 'public', user: null, via: 'none' };
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

async function resolvePrincipal(req: FastifyRequest, store: Store): Promise<Principal> {
  // A read may rely on a credential verified within the last CREDENTIAL_CACHE_MS (services/auth.ts); a change
  // always asks the database, so a revocation made on another server stops every change at once.
  const fresh = !SAFE.has(req.method);
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const t = m ? await tokenUser(store.db, m[1]!, { fresh }) : null;
    if (!t) throw new UserError('unauthenticated', 'the API token is unknown, revoked, or its user is disabled; create one with `truce user token`');
    return { role: t.user.role, user: t.user, via: 'token', scope: t.scope };
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (cookie) {
    const s = await sessionFor(store.db, cookie, new Date().toISOString(), { fresh });
    // An expired session reads as the public; writes below then ask to sign in again.
    if (s) return { role: s.user.role, user: s.user, via: 'session', csrfToken: s.csrfToken, cookie };
  }
  return PUBLIC;
}

/**
 * The hook on every request. CSRF: a write authenticated by the session cookie must echo the session's CSRF token
 * (given at sign-in and by GET /api/session) in the X-CSRF-Token header. A cross-site page can make the browser
 * send the cookie, but cannot read the token; the SameSite=Strict cookie is a second line. Bearer tokens are not
 * sent by browsers on their own, so they need no CSRF token.
 */
export function enforceAccess(app: FastifyInstance, store: Store): void {
  const routes: RegisteredRoute[] = [];
  ROUTES.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url, hidden: Boolean((r.schema as { hide?: boolean } | undefined)?.hide) });
  });
  app.decorateRequest('principal', null as never);
  app.addHook('onRequest', async (req) => {
    req.principal = PUBLIC;
    const url = req.routeOptions.url;
    if (url === undefined) return; // no such route: the 404 handler answers
    const allowed = allowedRoles(req.method, url);
    req.principal = await resolvePrincipal(req, store);
    const p = req.principal;
    if (!allowed) throw new UserError('forbidden', `${req.method} ${url} has no access rule; it is refused until one is added in src/server/access.ts`);
    if (!allowed.includes(p.role)) {
      if (p.role === 'public') throw new UserError('unauthenticated', 'sign in first (POST /api/session) or send an API token (Authorization: Bearer …)');
      throw new UserError('forbidden', `a ${p.role} may not ${req.method} ${url}`);
    }
    if (SAFE.has(req.method)) return;
    if (p.via === 'token' && p.scope !== 'write') throw new UserError('forbidden', 'this API token may only read; create a token with scope write for changes');
    if (p.via === 'session' && req.headers[CSRF_HEADER] !== p.csrfToken) {
      throw new UserError('forbidden', `missing or wrong ${CSRF_HEADER} header; send the token from GET /api/session with every change`);
    }
  });
}

// ---- record-level rules -----------------------------------------------------------------------------------
/** Entities whose audit history the public (and a liaison) may read: none can name a protected source. */
export const PUBLIC_AUDIT_ENTITIES = ['agreement', 'geometry', 'incident', 'series', 'series-point', 'actor', 'release'] as const;

export function mayReadAudit(p: Principal, entity: string): boolean {
  if (p.role === 'admin') return true;
  if (entity === 'credential' || entity === 'api-token' || entity === 'user') return false;
  return (STAFF as readonly string[]).includes(p.role) || (PUBLIC_AUDIT_ENTITIES as readonly string[]).includes(entity);
}

/** Whether the caller reads the internal record; otherwise the presenter serves the latest release. */
export const readsInternal = (p: Principal): boolean => (STAFF as readonly string[]).includes(p.role);
