// Concurrency: several writers at once lose nothing and deadlock nowhere; two people editing the same record
// from the same version get one success and one clear "reload" refusal, never a silent overwrite.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES, testClock } from './support/engines.ts';
import { migrate, openStore } from '../src/store/connect.ts';
import * as records from '../src/services/records.ts';
import { checkIntegrity } from '../src/services/integrity.ts';
import { historyOf } from '../src/store/repositories/audit.ts';
import { getIncident } from '../src/store/repositories/incidents.ts';
import { UserError } from '../src/domain/errors.ts';

const TRUCE = fileURLToPath(new URL('../bin/truce', import.meta.url));

function truce(args: string[], database: string): Promise<{ code: number; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TRUCE, ...args], { env: { ...process.env, TRUCE_DATABASE: database, TRUCE_USER: 'writer' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    child.on('close', (code) => resolve({ code: code ?? -1, err }));
  });
}

for (const engine of ENGINES) {
  describe(`concurrent writers on ${engine.name}`, { skip: engine.skip }, () => {
    let location: { url: string; dispose(): Promise<void> };
    let dir: string;
    before(async () => {
      location = await engine.freshLocation();
      dir = mkdtempSync(join(tmpdir(), 'truce-conc-'));
      const store = await openStore({ engine: engine.name, target: location.url });
      await migrate(store);
      await store.close();
    });
    after(async () => {
      await location?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    test('processes writing at once: every write lands once, numbered without gaps, the audit chain intact', async () => {
      assert.equal((await truce(['init'], location.url)).code, 0);
      const line = join(dir, 'line.geojson');
      writeFileSync(line, JSON.stringify({ type: 'LineString', coordinates: [[34.5, 31.5], [34.4, 31.3]] }));
      const PROCESSES = 5;
      const EACH = 3;
      const results = await Promise.all(
        Array.from({ length: PROCESSES }, async () => {
          const codes: Array<{ code: number; err: string }> = [];
          for (let i = 0; i < EACH; i++) codes.push(await truce(['agreement', 'geometry', 'gaza-2025', 'yellow-line', line], location.url));
          return codes;
        }),
      );
      for (const r of results.flat()) assert.equal(r.code, 0, r.err);
      const store = await openStore({ engine: engine.name, target: location.url });
      try {
        const versions = (await store.db.selectFrom('geometries').select('version').where('agreementId', '=', 'gaza-2025').where('name', '=', 'yellow-line').orderBy('version').execute()).map((r) => Number(r.version));
        assert.deepEqual(versions, Array.from({ length: PROCESSES * EACH + 1 }, (_, i) => i + 1));
        const report = await checkIntegrity(store);
        assert.equal(report.chain.ok, true);
        assert.deepEqual(report.problems, []);
      } finally {
        await store.close();
      }
    });

    test('two importers at once (the same reports, the same ACLED file): each item lands once, no deadlock', async () => {
      const reports = join(dir, 'reports');
      mkdirSync(reports);
      for (let i = 0; i < 12; i++) {
        writeFileSync(join(reports, `r${i}.txt`), `Report ${i}\n\n${i % 4 + 1} people were killed by Israeli shelling in ${['Rafah', 'Jabalia', 'Nuseirat'][i % 3]} on Monday, medics said (item ${i}).`);
      }
      const acled = fileURLToPath(new URL('./fixtures/formats/acled-current.csv', import.meta.url));
      const [i1, i2, a1, a2] = await Promise.all([
        truce(['ingest', reports], location.url),
        truce(['ingest', reports], location.url),
        truce(['import', 'acled', acled], location.url),
        truce(['import', 'acled', acled], location.url),
      ]);
      for (const r of [i1, i2, a1, a2]) assert.equal(r.code, 0, r.err);
      const store = await openStore({ engine: engine.name, target: location.url });
      try {
        const docs = await store.db.selectFrom('sourceDocuments').select(['contentHash', 'kind']).execute();
        assert.equal(docs.length, new Set(docs.map((d) => d.contentHash)).size, 'no document twice');
        assert.equal(docs.filter((d) => d.kind === 'news-article').length, 12);
        const external = await store.db.selectFrom('incidents').select('externalId').where('externalId', 'is not', null).execute();
        assert.ok(external.length > 0);
        assert.equal(external.length, new Set(external.map((r) => r.externalId)).size, 'no dataset event twice');
        const report = await checkIntegrity(store);
        assert.equal(report.chain.ok, true);
        assert.deepEqual(report.problems, []);
      } finally {
        await store.close();
      }
    });
  });
}

// Two reviewers on two connections load the same incident and save at the same moment. (On SQLite two
// connections in one process would block each other's thread, so SQLite's case is the processes test above.)
for (const engine of ENGINES.filter((e) => e.name === 'postgres')) {
  test('two reviewers save the same version of an incident: one wins, the other is told to reload', { skip: engine.skip }, async () => {
    const location = await engine.freshLocation();
    const a = await openStore({ engine: 'postgres', target: location.url });
    const b = await openStore({ engine: 'postgres', target: location.url });
    try {
      await migrate(a);
      const clock = testClock();
      const incident = await records.createIncident({ store: a, actor: 'analyst', ...clock }, {
        agreementId: null, date: '2025-10-28', dateEnd: null, datePrecision: 1, location: null,
        eventType: 'Explosions/Remote violence', subEventType: 'Air/drone strike', actor1: null, actor2: null,
        killed: {}, injured: {}, grade: null, gradeReason: null, status: 'draft', provisions: [], spatial: [], notes: null,
      });
      const outcomes = await Promise.allSettled([
        records.updateIncident({ store: a, actor: 'rania', ...clock }, incident.id, 1, { grade: 'fair', gradeReason: 'two sources' }),
        records.updateIncident({ store: b, actor: 'tom', ...clock }, incident.id, 1, { grade: 'weak', gradeReason: 'one source' }),
      ]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      assert.equal(won.length, 1);
      assert.equal(lost.length, 1);
      assert.ok(lost[0]!.reason instanceof UserError && lost[0]!.reason.code === 'stale-version', String(lost[0]!.reason));
      const held = await getIncident(a.db, incident.id);
      assert.equal(held?.version, 2);
      const history = await historyOf(a.db, 'incident', incident.id);
      assert.equal(history.length, 2, 'one create, one update: the refused save left no trace');
      assert.equal(history[1]!.new?.grade, held?.grade);
    } finally {
      await a.close();
      await b.close();
      await location.dispose();
    }
  });
}
