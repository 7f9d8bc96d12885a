// Crash safety of `truce ingest`: the process is killed (SIGKILL, no chance to clean up) at a random point while it
// writes, then run again. Every trial must end with no partial document (a document without its drafts), no
// duplicate, an audit chain and records that agree, and the same documents, claims and grouping as a run that was
// never interrupted. Trials: 20 on SQLite and 5 on PostgreSQL (TRUCE_CRASH_TRIALS overrides both).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES } from './support/engines.ts';
import { openStore, type Store } from '../src/store/connect.ts';
import { checkIntegrity } from '../src/services/integrity.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TRUCE = fileURLToPath(new URL('../bin/truce', import.meta.url));
const PLACES = ['Khan Younis', 'Rafah', 'Jabalia', 'Beit Lahia', 'Deir al-Balah', 'Nuseirat', 'Bureij', 'Beit Hanoun', 'Shujaiya', 'Maghazi'];
const WEAPONS = ['an air strike', 'a drone strike', 'shelling', 'gunfire'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
const FILES = 40;

/** Our own reports, varied enough that some group into one incident and most do not. */
function writeReports(dir: string): void {
  for (let i = 0; i < FILES; i++) {
    const place = PLACES[i % PLACES.length]!;
    const day = String(20 + (i % 7)).padStart(2, '0');
    const lines = [
      JSON.stringify({
        url: `https://example.org/report-${i}`,
        title: `Report ${i}`,
        published: `2025-10-${day}`,
        text: `${i % 3 + 2} people were killed by ${WEAPONS[i % WEAPONS.length]} in ${place} on ${DAYS[i % DAYS.length]}, the health ministry said. ` +
          `Report number ${i} also said ${i + 3} people were injured. The ministry said ${300 + i} people had been killed since the ceasefire began on October 10.`,
      }),
    ];
    writeFileSync(join(dir, `r${String(i).padStart(2, '0')}.jsonl`), `${lines.join('\n')}\n`);
  }
}

function truce(args: string[], database: string) {
  const r = spawnSync(process.execPath, [TRUCE, ...args, '--database', database], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TRUCE_DATABASE: '', TRUCE_USER: 'crash' }, timeout: 180_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** What must come out the same however often the run was interrupted. */
async function stateOf(store: Store) {
  const docs = await store.db.selectFrom('sourceDocuments').select(['id', 'contentHash']).execute();
  const hashOf = new Map(docs.map((d) => [d.id, d.contentHash]));
  const claims = await store.db.selectFrom('claims').select(['sourceDocumentId', 'kind', 'incidentId', 'evidenceText']).execute();
  const perDoc = new Map<string, string[]>();
  for (const c of claims) {
    const h = hashOf.get(c.sourceDocumentId)!;
    perDoc.set(h, [...(perDoc.get(h) ?? []), `${c.kind}:${c.evidenceText}`].sort());
  }
  // Grouping: for each incident, the set of documents its claims come from.
  const groups = new Map<string, string[]>();
  for (const c of claims) if (c.incidentId) groups.set(c.incidentId, [...(groups.get(c.incidentId) ?? []), hashOf.get(c.sourceDocumentId)!].sort());
  const incidents = await store.db.selectFrom('incidents').select('id').execute();
  return {
    documents: docs.map((d) => d.contentHash).sort(),
    duplicateDocuments: docs.length - new Set(docs.map((d) => d.contentHash)).size,
    claimsPerDocument: [...perDoc.entries()].sort(),
    documentsWithoutDrafts: docs.filter((d) => !perDoc.has(d.contentHash)).length,
    grouping: [...groups.values()].map((g) => g.join('+')).sort(),
    incidents: incidents.length,
  };
}

async function documentCount(store: Store): Promise<number> {
  const r = await store.db.selectFrom('sourceDocuments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** A fresh database holding what `truce init` makes, copied from one initialised once (a file copy on SQLite, a
 * template database on PostgreSQL), so each trial spends its time ingesting, not loading agreements. */
async function copyOf(engine: 'sqlite' | 'postgres', templateUrl: string, fresh: { url: string }): Promise<void> {
  if (engine === 'sqlite') {
    copyFileSync(templateUrl, fresh.url);
    return;
  }
  const admin = new pg.Client({ connectionString: process.env.TRUCE_TEST_POSTGRES_URL });
  await admin.connect();
  try {
    const name = new URL(fresh.url).pathname.slice(1);
    await admin.query(`DROP DATABASE ${name}`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${new URL(templateUrl).pathname.slice(1)}`);
  } finally {
    await admin.end();
  }
}

for (const engine of ENGINES) {
  const trials = Number(process.env.TRUCE_CRASH_TRIALS ?? (engine.name === 'sqlite' ? 20 : 5));
  describe(`truce ingest killed mid-run on ${engine.name}`, { skip: engine.skip }, () => {
    let dir: string;
    let reference: Awaited<ReturnType<typeof stateOf>>;
    let template: { url: string; dispose(): Promise<void> };
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'truce-crash-'));
      writeReports(dir);
      template = await engine.freshLocation();
      assert.equal(truce(['init'], template.url).code, 0);
      if (engine.name === 'sqlite') truce(['backup', `${template.url}.copy`], template.url);
      const loc = await engine.freshLocation();
      try {
        await copyOf(engine.name, engine.name === 'sqlite' ? `${template.url}.copy` : template.url, loc);
        const r = truce(['ingest', dir], loc.url);
        assert.equal(r.code, 0, r.err);
        const store = await openStore({ engine: engine.name, target: loc.url });
        reference = await stateOf(store);
        await store.close();
      } finally {
        await loc.dispose();
      }
      assert.equal(reference.documents.length, FILES);
      assert.equal(reference.documentsWithoutDrafts, 0);
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await template?.dispose();
    });

    test(`${trials} kills at random points, each followed by a re-run, end in the uninterrupted state`, async () => {
      const killedAt: number[] = [];
      for (let t = 0; t < trials; t++) {
        const loc = await engine.freshLocation();
        let watch: Store | undefined;
        try {
          await copyOf(engine.name, engine.name === 'sqlite' ? `${template.url}.copy` : template.url, loc);
          watch = await openStore({ engine: engine.name, target: loc.url });
          // Kill once k documents have landed (k random), plus a random few milliseconds: mid-transaction often.
          const k = 1 + Math.floor(Math.random() * (FILES - 2));
          const child = spawn(process.execPath, [TRUCE, 'ingest', dir, '--database', loc.url], { cwd: ROOT, env: { ...process.env, TRUCE_DATABASE: '', TRUCE_USER: 'crash' }, stdio: 'ignore' });
          const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
          let done = false;
          void exited.then(() => (done = true));
          while (!done && (await documentCount(watch)) < k) await new Promise((r) => setTimeout(r, 10));
          await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
          child.kill('SIGKILL');
          await exited;
          killedAt.push(await documentCount(watch));
          const mid = await stateOf(watch);
          await watch.close();
          watch = undefined;
          assert.equal(mid.documentsWithoutDrafts, 0, 'no document landed without its drafts');
          assert.equal(mid.duplicateDocuments, 0);
          const rerun = truce(['ingest', dir], loc.url);
          assert.equal(rerun.code, 0, rerun.err);
          const store = await openStore({ engine: engine.name, target: loc.url });
          try {
            assert.deepEqual(await stateOf(store), reference, `trial ${t + 1} (killed after ${killedAt.at(-1)} documents)`);
            const integrity = await checkIntegrity(store);
            assert.ok(integrity.chain.ok, 'the audit chain verifies');
            assert.deepEqual(integrity.problems, []);
          } finally {
            await store.close();
          }
        } finally {
          await watch?.close();
          await loc.dispose();
        }
      }
      const interrupted = killedAt.filter((n) => n < FILES).length;
      console.log(`# crash-ingest ${engine.name}: ${trials} trials, killed after ${killedAt.join(', ')} of ${FILES} documents`);
      assert.ok(interrupted >= Math.ceil(trials / 2), `most kills must land before the run ends (${interrupted} of ${trials} did)`);
    });
  });
}
