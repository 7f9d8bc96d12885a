// Who is asking: passwords (scrypt), browser sessions (cookie + CSRF token) and API tokens (scoped, revocable).
// Secrets are only ever held as hashes: a password as a salted scrypt hash, a session cookie or API token as its
// SHA-256 (they are long random values, so a fast hash is enough and lets us look them up by it).
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { UserError, invalidInput } from '../domain/errors.ts';
import type { User } from '../domain/user.ts';
import type { Queryable } from '../store/connect.ts';
import { getUser, getUserByName, userFromRow } from '../store/repositories/users.ts';
import type { Context } from './context.ts';
import { localWrites, write } from './write.ts';

// ---- passwords --------------------------------------------------------------------------------------------
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;
const MIN_PASSWORD = 10;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  // With no stored hash we still spend the scrypt time, so a missing user cannot be told apart by timing.
  const parts = (stored ?? '').split('$');
  const ok = parts.length === 6 && parts[0] === 'scrypt';
  const [N, r, p] = ok ? parts.slice(1, 4).map(Number) : [SCRYPT.N, SCRYPT.r, SCRYPT.p];
  const salt = ok ? Buffer.from(parts[4]!, 'base64') : randomBytes(16);
  const expected = ok ? Buffer.from(parts[5]!, 'base64') : randomBytes(SCRYPT.keylen);
  const key = await scrypt(password, salt, expected.length, { N: N!, r: r!, p: p!, maxmem: 256 * N! * r! });
  return timingSafeEqual(key, expected) && ok;
}

export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD) throw invalidInput(`the password is ${password.length} characters long; use at least ${MIN_PASSWORD}`, 'password');
}

/** Sets a user's password; the audit log records that it changed, never the hash. */
export async function setPassword(ctx: Context, userName: string, password: string): Promise<void> {
  checkPasswordStrength(password);
  const hash = await hashPassword(password);
  await write(ctx, async (w) => {
    const user = await getUserByName(w.tx, userName);
    if (!user) throw new UserError('not-found', `no user named "${userName}"; see \`truce user list\``);
    await w.tx.updateTable('users').set({ passwordHash: hash, updatedAt: w.at }).where('id', '=', user.id).execute();
    await w.audit('credential', user.id, 'update', null, { password: 'set' }, 'password set');
  });
}

// ---- login throttling --------------------------------------------------------------------------------------
/** Failed logins per client address and per user name in a sliding window (migration 0009 holds them). */
export class LoginThrottle {
  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60 * 1000,
    private readonly clock: () => number = Date.now,
  ) {}

  private since(): string {
    return new Date(this.clock() - this.windowMs).toISOString();
  }

  private static keys(ip: string, name: string): string[] {
    return [`ip:${ip}`, `user:${name.toLowerCase()}`];
  }

  /**
   * Throws 429 when the address or the name has failed `limit` times within the window. The failures are held in
   * the database, so every server of a team deployment counts the same attempts.
   */
  async check(db: Queryable, ip: string, name: string): Promise<void> {
    const rows = await db
      .selectFrom('loginFailures')
      .select(['key', (eb) => eb.fn.countAll<string | number>().as('n'), (eb) => eb.fn.min('at').as('first')])
      .where('key', 'in', LoginThrottle.keys(ip, name))
      .where('at', '>', this.since())
      .groupBy('key')
      .execute();
    const over = rows.find((r) => Number(r.n) >= this.limit);
    if (over) {
      const wait = Math.max(1, Math.ceil((Date.parse(over.first as string) + this.windowMs - this.clock()) / 60000));
      throw new UserError('too-many-requests', `too many failed logins from this address or for this user; try again in ${wait} minute${wait === 1 ? '' : 's'}`);
    }
  }

  async fail(db: Queryable, ip: string, name: string): Promise<void> {
    const at = new Date(this.clock()).toISOString();
    await db.deleteFrom('loginFailures').where('at', '<=', this.since()).execute();
    await db.insertInto('loginFailures').values(LoginThrottle.keys(ip, name).map((key) => ({ key, at }))).execute();
  }

  async succeed(db: Queryable, name: string): Promise<void> {
    await db.deleteFrom('loginFailures').where('key', '=', `user:${name.toLowerCase()}`).execute();
  }
}

// ---- sessions ----------------------------------------------------------------------------------------------
const SESSION_HOURS = 12;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const secret = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;

export interface Session {
  /** The cookie value; given once, held only as its hash. */
  cookie: string;
  /** Sent back by the client in the X-CSRF-Token header on every cookie-authenticated write. */
  csrfToken: string;
  user: User;
  expiresAt: string;
}

/** Checks name and password and opens a session. The message never says which of the two was wrong. */
export async function login(ctx: Context, name: string, password: string): Promise<Session> {
  const row = await ctx.store.db.selectFrom('users').select(['id', 'passwordHash', 'disabled']).where('name', '=', name).executeTakeFirst();
  const good = await verifyPassword(password, row?.passwordHash ?? null);
  if (!row || !good || Number(row.disabled) === 1) throw new UserError('unauthenticated', 'the user name or password is wrong, or the account is disabled');
  const cookie = secret('tsess');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(Date.parse(now) + SESSION_HOURS * 3600_000).toISOString();
  // Signing in is rare enough to sweep expired sessions here, so the table never grows without bound.
  await ctx.store.db.deleteFrom('sessions').where('expiresAt', '<=', now).execute();
  await ctx.store.db.insertInto('sessions').values({ idHash: sha256(cookie), userId: row.id, csrfToken, createdAt: now, expiresAt }).execute();
  return { cookie, csrfToken, user: (await getUser(ctx.store.db, row.id))!, expiresAt };
}

export async function logout(db: Queryable, cookie: string): Promise<void> {
  const idHash = sha256(cookie);
  await db.deleteFrom('sessions').where('idHash', '=', idHash).execute();
  verified.delete(`s:${idHash}`);
}

// ---- credentials verified a moment ago ----------------------------------------------------------------------
/**
 * How long a server goes on honouring a session or API token it has verified, without asking the database again,
 * when nothing was written through this process meanwhile. A sign-out, token revocation, role change or disabled
 * user made through ANOTHER server (or the CLI) takes effect here within this bound; one made through this
 * process takes effect at once (every write here, and every sign-out here, drops what was kept). Changes
 * (anything but GET/HEAD/OPTIONS) always verify against the database. docs/deploy.md states the bound.
 */
export const CREDENTIAL_CACHE_MS = 1000;
const CREDENTIALS_KEPT = 10_000;

interface KeptCredential {
  user: User;
  scope: TokenScope | null;
  csrfToken: string | null;
  expiresAt: string | null;
  /** performance.now() when verified */
  at: number;
  /** localWrites() before it was read: any write through this process since makes it stale */
  writes: number;
}
const verified = new Map<string, KeptCredential>();

function kept(key: string, maxAgeMs: number): KeptCredential | undefined {
  const k = verified.get(key);
  if (!k) return undefined;
  if (k.writes !== localWrites() || performance.now() - k.at > maxAgeMs) {
    verified.delete(key);
    return undefined;
  }
  return k;
}

function keep(key: string, k: KeptCredential): void {
  verified.delete(key); // most recently verified last, so the oldest is dropped first
  verified.set(key, k);
  if (verified.size > CREDENTIALS_KEPT) verified.delete(verified.keys().next().value!);
}

/** Forgets every credential verified so far (tests; a server that wants every request checked). */
export function forgetVerifiedCredentials(): void {
  verified.clear();
}

const USER_COLUMNS = ['u.id', 'u.name', 'u.role', 'u.partyId', 'u.disabled', 'u.version'] as const;

export interface VerifyOptions {
  /** Skip what was verified a moment ago and ask the database (every change does). */
  fresh?: boolean;
  maxAgeMs?: number;
}

/** The live session for a cookie value, or null (unknown, expired, or its user disabled). One query: session and user. */
export async function sessionFor(db: Queryable, cookie: string, now: string, { fresh = false, maxAgeMs = CREDENTIAL_CACHE_MS }: VerifyOptions = {}): Promise<{ user: User; csrfToken: string } | null> {
  const idHash = sha256(cookie);
  const key = `s:${idHash}`;
  const held = fresh ? undefined : kept(key, maxAgeMs);
  if (held) return held.expiresAt! > now ? { user: held.user, csrfToken: held.csrfToken! } : null;
  const writes = localWrites();
  const at = performance.now();
  const r = await db.selectFrom('sessions as s').innerJoin('users as u', 'u.id', 's.userId').select([...USER_COLUMNS, 's.csrfToken', 's.expiresAt']).where('s.idHash', '=', idHash).executeTakeFirst();
  const user = r ? userFromRow(r) : undefined;
  if (!r || !user || user.disabled) {
    verified.delete(key);
    return null;
  }
  keep(key, { user: Object.freeze(user), scope: null, csrfToken: r.csrfToken, expiresAt: r.expiresAt, at, writes });
  return r.expiresAt > now ? { user, csrfToken: r.csrfToken } : null;
}

// ---- API tokens --------------------------------------------------------------------------------------------
export const TOKEN_SCOPES = ['read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  scope: TokenScope;
  createdAt: string;
  revokedAt: string | null;
}

const tokenFromRow = (r: { id: string; userId: string; name: string; scope: string; createdAt: string; revokedAt: string | null }): ApiToken => ({
  id: r.id,
  userId: r.userId,
  name: r.name,
  scope: r.scope as TokenScope,
  createdAt: r.createdAt,
  revokedAt: r.revokedAt,
});

/** Issues a token for a user. The secret is returned once and never stored. */
export async function createToken(ctx: Context, userId: string, name: string, scope: TokenScope): Promise<{ token: ApiToken; secret: string }> {
  if (!(TOKEN_SCOPES as readonly string[]).includes(scope)) throw invalidInput(`scope "${scope}" is not one of ${TOKEN_SCOPES.join(', ')}`, 'scope');
  if (!name.trim()) throw invalidInput('give the token a name saying what uses it', 'name');
  const value = secret('truce');
  return write(ctx, async (w) => {
    const user = await getUser(w.tx, userId);
    if (!user) throw new UserError('not-found', `user ${userId} does not exist`);
    const token: ApiToken = { id: ctx.newId('tok'), userId, name: name.trim(), scope, createdAt: w.at, revokedAt: null };
    await w.tx.insertInto('apiTokens').values({ ...token, tokenHash: sha256(value) }).execute();
    await w.audit('api-token', token.id, 'create', null, { userId, name: token.name, scope }, null);
    return { token, secret: value };
  });
}

export async function listTokens(db: Queryable, userId?: string): Promise<ApiToken[]> {
  let q = db.selectFrom('apiTokens').select(['id', 'userId', 'name', 'scope', 'createdAt', 'revokedAt']).orderBy('createdAt').orderBy('id');
  if (userId) q = q.where('userId', '=', userId);
  return (await q.execute()).map(tokenFromRow);
}

/** Revokes a token. `ownerId` limits it to that user's tokens (null: an admin may revoke any). */
export async function revokeToken(ctx: Context, id: string, ownerId: string | null): Promise<ApiToken> {
  return write(ctx, async (w) => {
    const row = await w.tx.selectFrom('apiTokens').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || (ownerId !== null && row.userId !== ownerId)) throw new UserError('not-found', `token ${id} does not exist or is not yours; see GET /api/tokens`);
    if (row.revokedAt) return tokenFromRow(row);
    await w.tx.updateTable('apiTokens').set({ revokedAt: w.at }).where('id', '=', id).execute();
    await w.audit('api-token', id, 'delete', { revokedAt: null }, { revokedAt: w.at }, null);
    return tokenFromRow({ ...row, revokedAt: w.at });
  });
}

/** The user and scope behind a bearer token, or null (unknown, revoked, or its user disabled). One query: token and user. */
export async function tokenUser(db: Queryable, value: string, { fresh = false, maxAgeMs = CREDENTIAL_CACHE_MS }: VerifyOptions = {}): Promise<{ user: User; scope: TokenScope } | null> {
  const tokenHash = sha256(value);
  const key = `t:${tokenHash}`;
  const held = fresh ? undefined : kept(key, maxAgeMs);
  if (held) return { user: held.user, scope: held.scope! };
  const writes = localWrites();
  const at = performance.now();
  const r = await db.selectFrom('apiTokens as t').innerJoin('users as u', 'u.id', 't.userId').select([...USER_COLUMNS, 't.scope', 't.revokedAt']).where('t.tokenHash', '=', tokenHash).executeTakeFirst();
  const user = r && !r.revokedAt ? userFromRow(r) : undefined;
  if (!r || !user || user.disabled) {
    // Unknown or refused: nothing kept, so a token created on another server a moment later works at once.
    verified.delete(key);
    return null;
  }
  keep(key, { user: Object.freeze(user), scope: r.scope as TokenScope, csrfToken: null, expiresAt: null, at, writes });
  return { user, scope: r.scope as TokenScope };
}
