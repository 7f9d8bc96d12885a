import type { Role, User } from '../../domain/user.ts';
import type { Queryable } from '../connect.ts';
import type { UsersTable } from '../schema.ts';
import { assertUpdated } from '../versioning.ts';

/** A user from its row (or the user columns of a join). */
export const userFromRow = (r: Pick<UsersTable, 'id' | 'name' | 'role' | 'partyId' | 'disabled' | 'version'>): User => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  partyId: r.partyId,
  disabled: Number(r.disabled) === 1,
  version: Number(r.version),
});

const toRow = (u: User) => ({ id: u.id, name: u.name, role: u.role, partyId: u.partyId, disabled: u.disabled ? 1 : 0 });

export async function insertUser(db: Queryable, u: User, at: string): Promise<void> {
  await db.insertInto('users').values({ ...toRow(u), passwordHash: null, version: 1, createdAt: at, updatedAt: at }).execute();
}

export async function getUser(db: Queryable, id: string): Promise<User | undefined> {
  const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return r && userFromRow(r);
}

export async function getUserByName(db: Queryable, name: string): Promise<User | undefined> {
  const r = await db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
  return r && userFromRow(r);
}

export async function listUsers(db: Queryable): Promise<User[]> {
  return (await db.selectFrom('users').selectAll().orderBy('name').execute()).map(userFromRow);
}

export async function updateUser(db: Queryable, u: User, at: string): Promise<void> {
  const r = await db.updateTable('users').set({ ...toRow(u), version: u.version + 1, updatedAt: at }).where('id', '=', u.id).where('version', '=', u.version).executeTakeFirst();
  assertUpdated(r.numUpdatedRows, `user ${u.name}`, u.version, (await getUser(db, u.id))?.version);
}
