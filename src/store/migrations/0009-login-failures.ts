// Failed sign-ins, kept in the database rather than in one server's memory: behind a load balancer with several
// `truce serve` processes, a per-process count let an attacker spread guesses over the servers and multiply the
// attempts the throttle allows. Rows older than the throttle's window are swept as new failures arrive.
import type { Kysely } from 'kysely';
import type { Engine } from '../engine.ts';

export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('login_failures')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_key_at_idx').on('login_failures').columns(['key', 'at']).execute();
}
