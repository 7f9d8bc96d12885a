// An import commits several batches per transaction, each batch under its own savepoint. A row the parser passes
// but the store refuses (here: a series naming an agreement that is not held) must cost only that row: the other
// rows of its batch, and the batches before and after it in the same transaction, land with their audit events,
// the chain stays whole, and a second run of the same file adds nothing. Both engines.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { ENGINES } from './support/engines.ts';
import { systemContext } from '../src/services/context.ts';
import { importFile } from '../src/services/import.ts';
import { checkIntegrity } from '../src/services/integrity.ts';
import { auditHeadOf } from '../src/store/repositories/audit.ts';
import type { Store } from '../src/store/connect.ts';

/** The SQLite settings an import tunes for its length (none on PostgreSQL). */
async function tunedSettings(store: Store): Promise<number[]> {
  if (store.engine !== 'sqlite') return [];
  const setting = async (name: string) => Number(Object.values((await sql.raw(`PRAGMA ${name}`).execute(store.db)).rows[0] as object)[0]);
  return [await setting('cache_size'), await setting('temp_store'), await setting('wal_autocheckpoint')];
}

for (const engine of ENGINES) {
  describe(`import batches sharing a transaction on ${engine.name}`, { skip: engine.skip }, () => {
    test('a row the store refuses is rejected alone; the batches around it in its transaction land', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'truce-import-steps-'));
      const store = await engine.fresh();
      try {
        // Eleven rows, each a series of its own (one body each); the seventh names an agreement nobody loaded.
        const lines = ['date,value,metric,body,agreement'];
        for (let k = 1; k <= 11; k++) lines.push(`2025-11-${String(k).padStart(2, '0')},${k * 10},killed,body-${k},${k === 7 ? 'no-such-truce' : ''}`);
        const file = join(dir, 'series.csv');
        writeFileSync(file, `${lines.join('\n')}\n`);
        const ctx = systemContext(store, 'analyst');
        const settingsBefore = await tunedSettings(store);
        // Batches of two, three per transaction: the refused row sits in the second transaction's first batch.
        const first = await importFile(ctx, 'series', file, { batchSize: 2, batchesPerTransaction: 3 });
        assert.equal(first.rows, 11);
        assert.equal(first.new, 10);
        assert.equal(first.rejected, 1);
        assert.match(readFileSync(first.rejectsFile!, 'utf8'), /body-7.*line 8.*no-such-truce.*is not held/);
        const held = await store.db.selectFrom('series').select('bodyId').orderBy('bodyId').execute();
        assert.deepEqual(held.map((s) => s.bodyId).sort(), [1, 2, 3, 4, 5, 6, 8, 9, 10, 11].map((k) => `body-${k}`).sort());
        assert.equal(Number((await store.db.selectFrom('seriesPoints').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), 10);
        const integrity = await checkIntegrity(store);
        assert.ok(integrity.chain.ok, JSON.stringify(integrity.chain));
        assert.deepEqual(integrity.problems, []);
        // Every point's event is in the log once: a rolled-back batch left none behind.
        const events = await store.db.selectFrom('auditEvents').select('entityId').where('entity', '=', 'series-point').execute();
        assert.equal(events.length, 10);
        assert.equal(new Set(events.map((e) => e.entityId)).size, 10);

        const head = await auditHeadOf(store.db);
        const again = await importFile(ctx, 'series', file, { batchSize: 2, batchesPerTransaction: 3 });
        assert.equal(again.new, 0);
        assert.equal(again.unchanged, 10);
        assert.equal(again.rejected, 1);
        assert.deepEqual(await auditHeadOf(store.db), head);
        // What the import tuned for its length (SQLite: page cache, statement journals, checkpoints) is put back: a
        // server that imported goes on reading with its own settings.
        assert.deepEqual(await tunedSettings(store), settingsBefore);
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
