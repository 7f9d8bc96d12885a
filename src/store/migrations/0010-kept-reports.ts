// Reports derived from the record (an agreement's dashboard, its compliance), kept in the database with the audit
// head they were computed at. At a million incidents one takes seconds to compute and is read far more often than
// the record changes: kept here, every server answers from the same copy, a restarted server answers at once, and
// a copy computed before a write is known to be stale because its audit head is not the current one. Not part of
// the record: never audited, exported or released, and safe to delete at any time (it is computed again).
import type { Kysely } from 'kysely';
import type { Engine } from '../engine.ts';

export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('kept_reports')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('audit_seq', 'integer', (c) => c.notNull())
    .addColumn('audit_hash', 'text', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addColumn('compute_ms', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kept_reports_pk', ['kind', 'subject', 'variant'])
    .execute();
}
