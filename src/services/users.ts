// Managing the people who work in Truce: add (with a password), list, change role, disable. Built on the user
// records of services/records.ts so every change is audited like any other record.
import { randomBytes } from 'node:crypto';
import { invalidInput, UserError } from '../domain/errors.ts';
import { ROLES, type Role, type User } from '../domain/user.ts';
import { getUser, getUserByName, listUsers } from '../store/repositories/users.ts';
import { checkPasswordStrength, setPassword } from './auth.ts';
import type { Context } from './context.ts';
import { addClaim, addSourceDocument, createUser, updateUser } from './records.ts';
import type { Claim, ClaimBody, ClaimKind } from '../domain/claim.ts';
import { CLAIM_KINDS } from '../domain/claim.ts';
import { contentHash } from '../domain/source.ts';
import { listClaims, type ClaimFilter } from '../store/repositories/claims.ts';

export { listUsers };

export interface NewUser {
  name: string;
  role: string;
  partyId?: string | null;
  password?: string | null;
}

function assertRole(role: string): asserts role is Role {
  if (!(ROLES as readonly string[]).includes(role)) throw invalidInput(`role "${role}" is not one of ${ROLES.join(', ')}`, 'role');
}

export async function addUser(ctx: Context, u: NewUser): Promise<User> {
  assertRole(u.role);
  if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(u.name)) throw invalidInput(`"${u.name}" is not a usable user name (letters, digits, . _ @ - only, up to 64)`, 'name');
  if (u.role !== 'liaison' && u.partyId) throw invalidInput('only a liaison is bound to a party; leave out the party', 'partyId');
  if (u.password) checkPasswordStrength(u.password);
  const user = await createUser(ctx, { name: u.name, role: u.role, partyId: u.partyId ?? null, disabled: false });
  if (u.password) await setPassword(ctx, u.name, u.password);
  return user;
}

/**
 * On a database with no users, creates `admin` with a random password and returns it (shown once, never stored in
 * clear), so the first person can sign in to the web app. Does nothing once anyone exists.
 */
export async function firstAdmin(ctx: Context): Promise<{ name: string; password: string } | null> {
  if ((await listUsers(ctx.store.db)).length > 0) return null;
  const password = randomBytes(12).toString('base64url');
  await addUser(ctx, { name: 'admin', role: 'admin', password });
  return { name: 'admin', password };
}

async function byName(ctx: Context, name: string): Promise<User> {
  const u = await getUserByName(ctx.store.db, name);
  if (!u) throw new UserError('not-found', `no user named "${name}"; see \`truce user list\``);
  return u;
}

/** Disables (or re-enables) a user; their sessions and tokens stop working at once (checked on every request). */
export async function setDisabled(ctx: Context, idOrName: string, disabled: boolean, why?: string): Promise<User> {
  const u = (await getUser(ctx.store.db, idOrName)) ?? (await byName(ctx, idOrName));
  const updated = await updateUser(ctx, u.id, u.version, { disabled }, why);
  if (disabled) await ctx.store.db.deleteFrom('sessions').where('userId', '=', u.id).execute();
  return updated;
}

export async function changeRole(ctx: Context, id: string, expectedVersion: number, role: string, partyId: string | null, why?: string): Promise<User> {
  assertRole(role);
  if (role === 'liaison' && !partyId) throw invalidInput('a liaison speaks for one party: give partyId', 'partyId');
  return updateUser(ctx, id, expectedVersion, { role, partyId: role === 'liaison' ? partyId : null }, why);
}

export async function findUser(ctx: Context, name: string): Promise<User> {
  return byName(ctx, name);
}

// ---- what a signed-in user submits ------------------------------------------------------------------------

/** Claim kinds a liaison may submit for their party: what their party says, not findings about others. */
export const LIAISON_CLAIM_KINDS: readonly ClaimKind[] = ['denial', 'objection', 'accusation', 'position', 'pledge'];

export interface ClaimSubmission {
  kind: string;
  sourceDocumentId?: string;
  statement?: string;
  claimantId?: string | null;
  claimantName?: string | null;
  claimedAt?: string | null;
  incidentId?: string | null;
  body: { kind: string; [k: string]: unknown };
}

/**
 * Records a draft claim for review. The evidence is an ingested report (`sourceDocumentId`) or the statement text
 * itself, kept as a public party-statement source. A liaison always speaks for their own party, whatever the body
 * says, and only in the kinds above.
 */
export async function submitClaim(ctx: Context, by: User, s: ClaimSubmission): Promise<Claim> {
  if (!(CLAIM_KINDS as readonly string[]).includes(s.kind)) throw invalidInput(`kind "${s.kind}" is not one of ${CLAIM_KINDS.join(', ')}`, 'kind');
  const kind = s.kind as ClaimKind;
  let claimantId = s.claimantId ?? null;
  if (by.role === 'liaison') {
    if (!LIAISON_CLAIM_KINDS.includes(kind)) throw new UserError('forbidden', `a liaison submits ${LIAISON_CLAIM_KINDS.join(', ')} claims for their party, not ${kind}`);
    claimantId = by.partyId;
  }
  if (!s.sourceDocumentId === !s.statement) throw invalidInput('give either sourceDocumentId (an ingested report) or statement (the text), not both', 'statement');
  let sourceDocumentId = s.sourceDocumentId;
  if (s.statement) {
    const now = ctx.now();
    const { document } = await addSourceDocument(ctx, {
      kind: 'party-statement', url: null, title: `Statement submitted by ${by.name}`, publisher: claimantId, publishedAt: s.claimedAt ?? now, retrievedAt: now,
      language: null, text: s.statement, contentHash: contentHash(s.statement), sensitivity: 'public', reliability: null,
    });
    sourceDocumentId = document.id;
  }
  return addClaim(ctx, {
    kind, sourceDocumentId: sourceDocumentId!, claimantId, claimantName: s.claimantName ?? null, claimedAt: s.claimedAt ?? null,
    evidence: s.statement ? { start: 0, end: s.statement.length, text: s.statement } : null, incidentId: s.incidentId ?? null, status: 'draft',
    body: s.body as unknown as ClaimBody,
  });
}

/** Claims a user may read: staff all of them; a liaison only those made for their party (and how they were handled). */
export async function claimsVisibleTo(ctx: Context, by: User, f: ClaimFilter): Promise<Claim[]> {
  const all = await listClaims(ctx.store.db, by.role === 'liaison' ? { ...f, limit: 100_000 } : f);
  return by.role === 'liaison' ? all.filter((c) => c.claimantId === by.partyId).slice(0, f.limit ?? 1000) : all;
}
