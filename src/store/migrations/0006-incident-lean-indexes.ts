// Indexes found missing by the benchmarks at a million incidents (bench/RESULTS.md).
//
// 1. The agreement's incidents, lean. Compliance, the overview's aggregates and the verified sum read every incident of
//    an agreement (filed under it, or unfiled: agreement_id IS NULL) in list order, but only a dozen short columns of
//    each. Through 0004's (agreement_id, coalesce(date, ''), id) index every one of those rows was a random read of
//    the wide table row (JSON tolls, notes, the search vector): seconds per query at a million. This index holds
//    those columns too, so the engines answer from the index alone, in order. It starts with 0004's key, so it
//    serves everything that index served, and replaces it (one index more to write on insert, not two).
//    PostgreSQL carries the payload as INCLUDE columns (not part of the key); SQLite has no INCLUDE, so there they
//    are trailing key columns.
// 2. One actor's incidents, newest first. `actor = X` means actor1 = X OR actor2 = X; the listing now reads each
//    side in (coalesce(date, ''), id) order and merges them (repositories/incidents.ts), which needs each side
//    indexed in that order. These replace the plain actor1 and actor2 indexes, whose uses they cover.
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../engine.ts';

const LEAN = sql.raw('date, status, event_type, sub_event_type, actor1, grade, killed_low, killed_best, killed_high, injured_low, injured_best, injured_high, lat, lon');

export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    await sql`CREATE INDEX incidents_agreement_lean_idx ON incidents (agreement_id, (coalesce(date, '')), id) INCLUDE (${LEAN})`.execute(db);
  } else {
    await sql`CREATE INDEX incidents_agreement_lean_idx ON incidents (agreement_id, (coalesce(date, '')), id, ${LEAN})`.execute(db);
  }
  await sql`DROP INDEX incidents_agreement_order_idx`.execute(db);
  await sql`CREATE INDEX incidents_actor1_order_idx ON incidents (actor1, (coalesce(date, '')), id)`.execute(db);
  await sql`CREATE INDEX incidents_actor2_order_idx ON incidents (actor2, (coalesce(date, '')), id)`.execute(db);
  await sql`DROP INDEX incidents_actor1_idx`.execute(db);
  await sql`DROP INDEX incidents_actor2_idx`.execute(db);
  // Statistics for the new expression indexes (see 0005), and the visibility map an index-only scan relies on is
  // kept by autovacuum.
  if (engine === 'postgres') await sql`ANALYZE incidents`.execute(db);
}
