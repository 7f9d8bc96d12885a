// Every storage test runs once per engine: SQLite always, PostgreSQL when TRUCE_TEST_POSTGRES_URL names a server
// (.ci/run starts one). Each test store is a fresh database, so test files can run in parallel.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, openStore, type Store } from '../../src/store/connect.ts';
import type { Engine } from '../../src/store/engine.ts';

export interface TestEngine {
  name: Engine;
  /** A reason to skip, shown in the test report, when this engine is not available. */
  skip: string | false;
  /** A new, migrated, empty store; `close()` removes it. */
  fresh(): Promise<Store>;
  /** Where a fresh database would live, for tests that drive the CLI. */
  freshLocation(): Promise<{ url: string; dispose(): Promise<void> }>;
}

const PG_URL = process.env.TRUCE_TEST_POSTGRES_URL;

const sqlite: TestEngine = {
  name: 'sqlite',
  skip: false,
  async fresh() {
    const { url, dispose } = await sqlite.freshLocation();
    const store = await openStore({ engine: 'sqlite', target: url });
    await migrate(store);
    return { ...store, close: async () => { await store.close(); await dispose(); } };
  },
  async freshLocation() {
    const dir = mkdtempSync(join(tmpdir(), 'truce-test-'));
    return { url: join(dir, 'truce.db'), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

const postgres: TestEngine = {
  name: 'postgres',
  skip: PG_URL ? false : 'PostgreSQL skipped: set TRUCE_TEST_POSTGRES_URL (bash .ci/run does) to run these tests on PostgreSQL too',
  async fresh() {
    const { url, dispose } = await postgres.freshLocation();
    const store = await openStore({ engine: 'postgres', target: url });
    await migrate(store);
    return { ...store, close: async () => { await store.close(); await dispose(); } };
  },
  async freshLocation() {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const name = `truce_test_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(PG_URL!);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      dispose: async () => {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  },
};

export const ENGINES: TestEngine[] = [sqlite, postgres];

/** A context with a fixed clock and counting ids, so test output is reproducible. */
export function testClock(start = '2025-10-20T08:00:00.000Z') {
  let t = Date.parse(start);
  let n = 0;
  return { now: () => new Date((t += 1000)).toISOString(), newId: (prefix: string) => `${prefix}_${String(++n).padStart(6, '0')}` };
}
