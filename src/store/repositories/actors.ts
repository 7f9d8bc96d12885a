import type { ActorType } from '../../domain/acled.ts';
import type { Actor, ActorKind } from '../../domain/actor.ts';
import type { Queryable } from '../connect.ts';
import { fromJson, toJson } from '../json.ts';
import type { ActorsTable } from '../schema.ts';
import { assertUpdated } from '../versioning.ts';

const fromRow = (r: ActorsTable): Actor => ({
  id: r.id,
  name: r.name,
  aliases: fromJson(r.aliases, []),
  kind: r.kind as ActorKind,
  affiliation: r.affiliation,
  acledActorType: r.acledActorType as ActorType | null,
  wikidataId: r.wikidataId,
  version: Number(r.version),
});

const toRow = (a: Actor) => ({
  id: a.id,
  name: a.name,
  aliases: toJson(a.aliases),
  kind: a.kind,
  affiliation: a.affiliation,
  acledActorType: a.acledActorType,
  wikidataId: a.wikidataId,
});

export async function insertActor(db: Queryable, a: Actor, at: string): Promise<void> {
  await db.insertInto('actors').values({ ...toRow(a), version: 1, createdAt: at, updatedAt: at }).execute();
}

export async function getActor(db: Queryable, id: string): Promise<Actor | undefined> {
  const r = await db.selectFrom('actors').selectAll().where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

export async function listActors(db: Queryable): Promise<Actor[]> {
  return (await db.selectFrom('actors').selectAll().orderBy('id').execute()).map(fromRow);
}

/** Writes `a` over the stored actor if it is still at `a.version`; the stored version becomes `a.version + 1`. */
export async function updateActor(db: Queryable, a: Actor, at: string): Promise<void> {
  const r = await db.updateTable('actors').set({ ...toRow(a), version: a.version + 1, updatedAt: at }).where('id', '=', a.id).where('version', '=', a.version).executeTakeFirst();
  assertUpdated(r.numUpdatedRows, `actor ${a.id}`, a.version, (await getActor(db, a.id))?.version);
}
