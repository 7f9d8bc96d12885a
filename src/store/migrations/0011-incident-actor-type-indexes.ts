// One actor's incidents of one event type, newest first (the incident list's actor + event type filter). 0006's
// (actor, coalesce(date, ''), id) indexes give an actor's incidents in list order, but the event type is read from
// each table row: a pair with few incidents, or none (Israel × Battles in the bench world), walked every incident
// of the actor — 0.2–1.9 s CPU per page at a million incidents on SQLite (bench/RESULTS.md, Findings 10). With the
// event type in the key the walk covers only the pair, in list order: under a millisecond for an empty pair. The
// actor-only filter keeps 0006's indexes.
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../engine.ts';

export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  await sql`CREATE INDEX incidents_actor1_type_order_idx ON incidents (actor1, event_type, (coalesce(date, '')), id)`.execute(db);
  await sql`CREATE INDEX incidents_actor2_type_order_idx ON incidents (actor2, event_type, (coalesce(date, '')), id)`.execute(db);
  // Statistics for the new expression columns (see 0005).
  if (engine === 'postgres') await sql`ANALYZE incidents`.execute(db);
}
