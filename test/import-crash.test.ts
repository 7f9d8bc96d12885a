// Crash safety of `truce import`: the import process is killed with SIGKILL at random moments (no chance to
// clean up), then run again. Each time the database must hold no duplicate, pass `truce verify`, and end exactly as
// an uninterrupted import leaves it. Every row (document, incident, claim, audit events) is written in one
// transaction with its batch, so a kill can only lose whole batches, which the re-run then finds missing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemContext } from '../src/services/context.ts';
import { importFile } from '../src/services/import.ts';
import { checkIntegrity } from '../src/services/integrity.ts';
import { exportIncidents } from '../src/services/export.ts';
import { openStore } from '../src/store/connect.ts';
import { ENGINES, type TestEngine } from './support/engines.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TRUCE = join(ROOT, 'bin/truce');
const ROWS = 240;
const BATCH = '15';
const TRIALS: Record<string, number> = { sqlite: 20, postgres: 5 };

/** A reproducible random sequence (mulberry32), so a failing trial can be run again with the same kill times. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function acledFile(dir: string): string {
  const header = 'event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,inter1,actor2,inter2,location,latitude,longitude,geo_precision,source,notes,fatalities';
  const lines = [header];
  for (let i = 0; i < ROWS; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(`CRS${i},2025-11-${day},1,Battles,Armed clash,Force ${i % 7},1,Group ${i % 5},2,Place ${i % 11},${31 + (i % 50) / 100},${34 + (i % 40) / 100},1,Test Wire,"Exchange of fire number ${i}, reported by a wire.",${i % 4}`);
  }
  // The same event again, revised: the later version must win however the run is cut.
  lines.push(`CRS3,2025-11-04,1,Battles,Armed clash,Force 3,1,Group 3,2,Place 3,31.03,34.03,1,Test Wire,"Exchange of fire number 3, revised.",9`);
  const file = join(dir, 'crash.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function freshDatabase(engine: TestEngine) {
  const loc = await engine.freshLocation();
  const store = await openStore({ engine: engine.name, target: loc.url }, { create: true });
  await (await import('../src/store/connect.ts')).migrate(store);
  await store.close();
  return loc;
}

function importProcess(file: string, url: string) {
  return spawn(process.execPath, [TRUCE, 'import', 'acled', file, '--batch', BATCH, '--database', url], { cwd: ROOT, env: { ...process.env, TRUCE_DATABASE: '', TRUCE_USER: 'tester' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function runToEnd(file: string, url: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [TRUCE, 'import', 'acled', file, '--batch', BATCH, '--database', url], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TRUCE_DATABASE: '', TRUCE_USER: 'tester' }, timeout: 180_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

async function rerunInProcess(engine: TestEngine, file: string, url: string): Promise<void> {
  const store = await openStore({ engine: engine.name, target: url });
  try {
    const summary = await importFile(systemContext(store, 'tester'), 'acled', file, { batchSize: Number(BATCH) });
    assert.equal(summary.rejected, 0);
  } finally {
    await store.close();
  }
}

/** What the end state is compared on: the export, and how many of each record and audit event there are. */
async function state(engine: TestEngine, url: string) {
  const store = await openStore({ engine: engine.name, target: url });
  try {
    let csv = '';
    await exportIncidents(store, 'acled', {}, (c) => {
      csv += c;
    });
    const count = async (t: 'incidents' | 'claims' | 'sourceDocuments' | 'auditEvents') => Number((await store.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const dupes = await store.db.selectFrom('incidents').select('externalId').groupBy('externalId').having((eb) => eb.fn.countAll(), '>', 1).execute();
    const integrity = await checkIntegrity(store);
    return { csv, incidents: await count('incidents'), claims: await count('claims'), documents: await count('sourceDocuments'), audit: await count('auditEvents'), dupes: dupes.length, intact: integrity.chain.ok && integrity.problems.length === 0 };
  } finally {
    await store.close();
  }
}

for (const engine of ENGINES) {
  describe(`truce import killed at random points on ${engine.name}`, { skip: engine.skip }, () => {
    let dir: string;
    let file: string;
    let reference: Awaited<ReturnType<typeof state>>;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'truce-crash-'));
      file = acledFile(dir);
      const db = await freshDatabase(engine);
      try {
        const r = runToEnd(file, db.url);
        assert.equal(r.code, 0, r.err);
        assert.match(r.out, new RegExp(`incidents: ${ROWS} new, 1 updated, 0 unchanged, 0 rejected`));
        reference = await state(engine, db.url);
        assert.equal(reference.incidents, ROWS);
        assert.ok(reference.intact);
      } finally {
        await db.dispose();
      }
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test(`${TRIALS[engine.name]} kills, each followed by a re-run: no duplicate, intact, same end state`, async () => {
      const next = random(engine.name === 'sqlite' ? 20251010 : 4242);
      let killedMidway = 0;
      for (let trial = 0; trial < TRIALS[engine.name]!; trial++) {
        const db = await freshDatabase(engine);
        try {
          // Kill once a random number of rows is committed, after a further random few milliseconds: the kill then
          // lands inside a later batch's transaction, at a point that varies from trial to trial.
          const target = 1 + Math.floor(next() * (ROWS - 20));
          const extra = Math.floor(next() * 40);
          const child = importProcess(file, db.url);
          const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
          let done = false;
          void exited.then(() => (done = true));
          const watcher = await openStore({ engine: engine.name, target: db.url });
          let at = '';
          try {
            while (!done) {
              const n = Number((await watcher.db.selectFrom('incidents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
              if (n >= target) {
                await new Promise((res) => setTimeout(res, extra));
                at = `${n} rows committed + ${extra} ms`;
                child.kill('SIGKILL');
                break;
              }
              await new Promise((res) => setTimeout(res, 15));
            }
          } finally {
            await watcher.close();
          }
          const code = await exited;
          const cut = await state(engine, db.url);
          assert.equal(cut.dupes, 0, `trial ${trial} (kill at ${at}): duplicates after the kill`);
          assert.ok(cut.intact, `trial ${trial} (kill at ${at}): the database is not intact after the kill`);
          if (code === null && cut.incidents > 0 && cut.incidents < ROWS) killedMidway++;
          // The re-run goes through the same service in-process (the kill is what needs a real process).
          await rerunInProcess(engine, file, db.url);
          const end = await state(engine, db.url);
          assert.equal(end.dupes, 0, `trial ${trial} (kill at ${at}): duplicates`);
          assert.ok(end.intact, `trial ${trial} (kill at ${at}): verify fails`);
          assert.deepEqual({ ...end, csv: undefined }, { ...reference, csv: undefined }, `trial ${trial} (kill at ${at}): counts differ`);
          assert.equal(end.csv, reference.csv, `trial ${trial} (kill at ${at}): records differ from an uninterrupted run`);
          if (trial === 0) {
            const v = spawnSync(process.execPath, [TRUCE, 'verify', '--database', db.url], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TRUCE_DATABASE: '' } });
            assert.equal(v.status, 0, v.stdout + v.stderr);
          }
        } finally {
          await db.dispose();
        }
      }
      // The kill times must actually cut imports in the middle, or the test proves nothing.
      assert.ok(killedMidway >= Math.ceil(TRIALS[engine.name]! / 4), `only ${killedMidway} kills landed mid-import`);
    });
  });
}
