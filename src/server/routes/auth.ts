// Signing in and out, API tokens, and user management. Handlers only call services/auth.ts and services/users.ts;
// who may call what is in ../access.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { UserError } from '../../domain/errors.ts';
import type { Store } from '../../store/connect.ts';
import { LoginThrottle, createToken, listTokens, login, logout, revokeToken } from '../../services/auth.ts';
import { systemContext } from '../../services/context.ts';
import { addUser, changeRole, listUsers, setDisabled } from '../../services/users.ts';
import { getUser } from '../../store/repositories/users.ts';
import { SESSION_COOKIE, type Principal } from '../access.ts';
import * as S from '../schemas.ts';

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' }, 409: { $ref: 'Error#' }, 429: { $ref: 'Error#' } } as const;

export interface AuthRouteOptions {
  store: Store;
  /** Secure cookies (HTTPS only). Off only for plain-HTTP development on localhost. */
  secureCookies: boolean;
  throttle: LoginThrottle;
}

/** The signed-in user (routes reached only by signed-in roles, see access.ts). */
export function signedIn(p: Principal) {
  if (!p.user) throw new UserError('unauthenticated', 'sign in first');
  return p.user;
}

export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteOptions> = async (app, { store, secureCookies, throttle }) => {
  const ctxFor = (p: Principal) => systemContext(store, p.user?.name ?? 'public');

  app.post('/api/session', { schema: { tags: ['session'], summary: 'Sign in: sets the session cookie and returns the CSRF token for writes', body: S.LoginBody, response: { 200: S.SessionInfo, ...errors } } }, async (req, reply) => {
    await throttle.check(store.db, req.ip, req.body.name);
    let session;
    try {
      session = await login(systemContext(store, req.body.name), req.body.name, req.body.password);
    } catch (e) {
      if (e instanceof UserError && e.code === 'unauthenticated') await throttle.fail(store.db, req.ip, req.body.name);
      throw e;
    }
    await throttle.succeed(store.db, req.body.name);
    reply.setCookie(SESSION_COOKIE, session.cookie, { path: '/', httpOnly: true, sameSite: 'strict', secure: secureCookies, expires: new Date(session.expiresAt) });
    return { user: session.user, csrfToken: session.csrfToken, via: 'session' };
  });

  app.get('/api/session', { schema: { tags: ['session'], summary: 'Who is signed in, and the CSRF token for writes', response: { 200: S.SessionInfo, ...errors } } }, async (req) => {
    const p = req.principal;
    return { user: signedIn(p), csrfToken: p.via === 'session' ? p.csrfToken : '', via: p.via };
  });

  app.delete('/api/session', { schema: { tags: ['session'], summary: 'Sign out', response: { 204: Type.Null(), ...errors } } }, async (req, reply) => {
    if (req.principal.via === 'session') await logout(store.db, req.principal.cookie);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/tokens', { schema: { tags: ['session'], summary: 'Your API tokens (all tokens for an admin)', response: { 200: Type.Array(S.ApiToken), ...errors } } }, async (req) => {
    const user = signedIn(req.principal);
    return listTokens(store.db, user.role === 'admin' ? undefined : user.id);
  });

  app.post('/api/tokens', { schema: { tags: ['session'], summary: 'Create an API token for yourself; the secret is shown once', body: S.NewToken, response: { 201: S.CreatedToken, ...errors } } }, async (req, reply) => {
    const user = signedIn(req.principal);
    reply.status(201);
    return createToken(ctxFor(req.principal), user.id, req.body.name, req.body.scope);
  });

  app.delete('/api/tokens/:id', { schema: { tags: ['session'], summary: 'Revoke an API token (yours; any for an admin)', params: S.IdParam, response: { 200: S.ApiToken, ...errors } } }, async (req) => {
    const user = signedIn(req.principal);
    return revokeToken(ctxFor(req.principal), req.params.id, user.role === 'admin' ? null : user.id);
  });

  app.get('/api/users', { schema: { tags: ['users'], summary: 'Every user', response: { 200: Type.Array(S.User), ...errors } } }, async () => listUsers(store.db));

  app.post('/api/users', { schema: { tags: ['users'], summary: 'Add a user', body: S.NewUser, response: { 201: S.User, ...errors } } }, async (req, reply) => {
    reply.status(201);
    return addUser(ctxFor(req.principal), req.body);
  });

  app.patch('/api/users/:id', { schema: { tags: ['users'], summary: "Change a user's role or party, or disable them", params: S.IdParam, body: S.UserPatch, response: { 200: S.User, ...errors } } }, async (req) => {
    const ctx = ctxFor(req.principal);
    const { version, role, partyId, disabled, why } = req.body;
    let user = await getUser(store.db, req.params.id);
    if (!user) throw new UserError('not-found', `user ${req.params.id} does not exist; see GET /api/users`);
    if (role !== undefined || partyId !== undefined) user = await changeRole(ctx, user.id, version, role ?? user.role, partyId === undefined ? user.partyId : partyId, why);
    else if (user.version !== version) throw new UserError('stale-version', `user ${user.name} is at version ${user.version}, not ${version}; reload and try again`);
    if (disabled !== undefined && disabled !== user.disabled) user = await setDisabled(ctx, user.id, disabled, why);
    return user;
  });
};
