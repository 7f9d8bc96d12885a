// Migrations in order. A migration is a plain function over Kysely that may branch on the engine where SQL
// differs; names sort in the order they run and never change once released.
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Engine } from '../engine.ts';
import * as m0001 from './0001-initial.ts';
import * as m0003 from './0003-auth-releases.ts';
import * as m0004 from './0004-incident-order-indexes.ts';
import * as m0005 from './0005-analyze-incidents.ts';
import * as m0006 from './0006-incident-lean-indexes.ts';
import * as m0007 from './0007-series-territory.ts';
import * as m0008 from './0008-full-text-by-rowid.ts';
import * as m0009 from './0009-login-failures.ts';
import * as m0010 from './0010-kept-reports.ts';
import * as m0011 from './0011-incident-actor-type-indexes.ts';
import * as m0012 from './0012-incident-index-overlap.ts';

type EngineMigration = { up(db: Kysely<any>, engine: Engine): Promise<void> };

const MIGRATIONS: Record<string, EngineMigration> = {
  '0001-initial': m0001,
  '0003-auth-releases': m0003,
  '0004-incident-order-indexes': m0004,
  '0005-analyze-incidents': m0005,
  '0006-incident-lean-indexes': m0006,
  '0007-series-territory': m0007,
  '0008-full-text-by-rowid': m0008,
  '0009-login-failures': m0009,
  '0010-kept-reports': m0010,
  '0011-incident-actor-type-indexes': m0011,
  '0012-incident-index-overlap': m0012,
};

export function migrationProvider(engine: Engine): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) out[name] = { up: (db) => m.up(db, engine) };
      return out;
    },
  };
}

export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();
export const LATEST_MIGRATION = MIGRATION_NAMES.at(-1)!;
