// One index fewer written per incident, and one the provision filter can use (bench/RESULTS.md, Finding 19; issue 8).
//
// 1. `incidents_date_idx` (date, id) overlapped 0004's (coalesce(date, ''), id): for a dated incident both keys are
//    the same, and every insert (an import writes one per row) wrote both. Only the export walked it; it now walks
//    0004's order index — or, for one agreement, 0006's covering index — in the same order (services/export.ts).
//    (0001's (agreement_id, status, date) stays: PostgreSQL counts an agreement's incidents from it alone, index
//    only, 30 times faster than from 0006's wide index, which it scans the table instead of.)
// 2. The incident list's provision filter asks for `provision_id` alone (a provision's id already names its
//    agreement), but the links were indexed on (agreement_id, provision_id): every such page read every link.
//    (provision_id, incident_id) answers it from the index; the agreement-first index stays for the compliance
//    service, which reads an agreement's links.
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../engine.ts';

export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  await sql`DROP INDEX incidents_date_idx`.execute(db);
  await sql`CREATE INDEX incident_provisions_provision_incident_idx ON incident_provisions (provision_id, incident_id)`.execute(db);
  if (engine === 'postgres') await sql`ANALYZE incident_provisions`.execute(db);
}
