// PostgreSQL keeps no statistics for an expression index until the table is analysed, and until then guesses the
// expression's selectivity: with 0004's indexes fresh, a filtered incident page at a million incidents was planned
// as a bitmap scan of the whole month plus a sort (780 ms) instead of a backward walk of the ordered index (6.5 ms),
// measured in bench/RESULTS.md. Autovacuum would analyse eventually; this does it once, now. SQLite plans without
// statistics here and is left as it is (ANALYZE there would change plans everywhere).
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../engine.ts';

export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === 'postgres') await sql`ANALYZE incidents`.execute(db);
}
