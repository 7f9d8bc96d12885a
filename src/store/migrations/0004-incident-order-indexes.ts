// Indexes found missing by the benchmarks (bench/RESULTS.md). Incidents are listed newest first by
// (coalesce(date, ''), id) (repositories/incidents.ts listIncidents); without an index on that expression every
// page sorted all matching rows, so paging through an agreement's incidents (compliance, exports) grew with the
// square of their number. The actor filter (actor1 = ? OR actor2 = ?) also needs actor2 indexed to avoid a scan.
// Written in SQL both engines accept as is.
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../engine.ts';

export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await sql`CREATE INDEX incidents_order_idx ON incidents ((coalesce(date, '')), id)`.execute(db);
  await sql`CREATE INDEX incidents_agreement_order_idx ON incidents (agreement_id, (coalesce(date, '')), id)`.execute(db);
  await sql`CREATE INDEX incidents_actor2_idx ON incidents (actor2)`.execute(db);
}
