// The benchmark suite: every benchmark in bench/, each figure printed with its ratio against a baseline measured in
// the same run (so the machine and its load cancel out), on SQLite and on PostgreSQL where a database is involved.
// Writes bench/RESULTS.md (a --quick run writes bench/RESULTS-quick.md, so it never overwrites a full run).
//
//   npm run bench -- --quick                      small worlds generated here, SQLite (+ PostgreSQL with --postgres)
//   npm run bench                                 100k-incident worlds generated here
//   npm run bench -- --sqlite W.db --pg-world URL  use worlds made by bench/generate.ts (e.g. 1M incidents)
// Options: --postgres URL (a server on which a scratch database is created and dropped), --skip import,api,…
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'kysely';
import { runApi } from './api.ts';
import { run as runConsolidation } from './consolidate.ts';
import { benchContext, flag, generateWorld } from './generate.ts';
import { runSearch } from './search.ts';
import { bundledLexicon } from '../src/extract/bundled.ts';
import { extract } from '../src/extract/index.ts';
import { complianceOf, normaliseAsOf } from '../src/services/compliance.ts';
import { computeKept } from '../src/services/kept-compute.ts';
import { keptKey } from '../src/services/kept.ts';
import { updateIncident } from '../src/services/records.ts';
import { lastWalk, withWholeWalks } from '../src/services/walk-memory.ts';
import { migrate, openStore, resolveDatabase, type Store } from '../src/store/connect.ts';

const quick = process.argv.includes('--quick');
const skip = new Set((flag('skip') ?? '').split(',').filter(Boolean));
const started = Date.now();

export interface Row {
  benchmark: string;
  engine: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  met: '✓' | '✗' | '';
}
const rows: Row[] = [];
const notes: string[] = [];

function record(r: Row): void {
  rows.push(r);
  console.log(`${r.met || ' '} ${r.benchmark} [${r.engine}]: ${r.figure}${r.baseline ? ` | baseline ${r.baseline}` : ''}${r.ratio ? ` | ratio ${r.ratio}` : ''}${r.target ? ` | target ${r.target}` : ''}`);
}
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
const met = (ok: boolean): '✓' | '✗' => (ok ? '✓' : '✗');
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs `fn`, and on failure records the error instead of stopping the suite. */
async function step(name: string, fn: () => Promise<void>): Promise<void> {
  if (skip.has(name)) return void notes.push(`${name}: skipped (--skip)`);
  const t0 = performance.now();
  try {
    await fn();
  } catch (err) {
    console.error(`bench ${name} failed: ${(err as Error).stack ?? err}`);
    notes.push(`${name}: failed — ${(err as Error).message.split('\n')[0]}`);
  }
  console.log(`  (${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

// ---- extraction: documents/s on one core; baseline: tokenising the same texts (the least any reader does) --------
async function extraction(): Promise<void> {
  const dev = join(ROOT, '../shared/eval/dev/');
  if (!existsSync(`${dev}articles.jsonl`)) return void notes.push('extraction: skipped, ../shared/eval/dev/articles.jsonl not found');
  const read = (f: string) => readFileSync(`${dev}${f}`, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
  const docs = [
    ...read('articles.jsonl').map((r) => ({ text: String(r.text), published: (r.published as string | null) ?? null })),
    ...read('moh-bulletins.jsonl').map((r) => ({ text: String(r.text), published: String(r.date) })),
  ];
  const lexicon = bundledLexicon();
  for (const d of docs) extract(d.text, lexicon, { published: d.published });
  const n = quick ? 300 : 3000;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) extract(docs[i % docs.length]!.text, lexicon, { published: docs[i % docs.length]!.published });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0).user / 1e6;
  let words = 0;
  const b0 = performance.now();
  for (let i = 0; i < n * 20; i++) words += docs[i % docs.length]!.text.toLowerCase().split(/[^\p{L}\p{N}]+/u).length;
  const base = (performance.now() - b0) / 1000 / 20;
  const rate = n / wall;
  record({ benchmark: 'extraction, documents/s on one core', engine: '—', figure: `${Math.round(rate)} docs/s wall (${Math.round(n / cpu)} per CPU-second)`, baseline: `tokenising the same texts: ${Math.round(n / base)} docs/s`, ratio: (rate / (n / base)).toFixed(3), target: '≥ 500 docs/s', met: met(rate >= 500 || n / cpu >= 500) });
  if (words < 0) console.log(words);
}

// ---- consolidation: seconds at 10k and 100k, the growth ratio is the same-run comparison ------------------------
async function consolidation(): Promise<void> {
  const { results, ratio } = runConsolidation({ quick });
  const big = results[1]!;
  record({ benchmark: `clustering ${big.label} reports`, engine: '—', figure: `${big.seconds.toFixed(2)} s (pairwise precision ${(big.precision * 100).toFixed(1)}%, recall ${(big.recall * 100).toFixed(1)}%)`, baseline: `${results[0]!.label}: ${results[0]!.seconds.toFixed(2)} s`, ratio: `${ratio.toFixed(1)} (10 = linear)`, target: quick ? '≤ 10 s at 100k (quick: 10k)' : '≤ 10 s, near-linear', met: met(big.seconds <= 10 && ratio < 15) });
  if (results[2]) notes.push(`clustering: ${results[2].label}: ${results[2].seconds.toFixed(2)} s`);
}

// ---- compliance: the pure engine over in-memory incidents (bench/compliance.ts), and the stored world -----------
async function complianceEngine(): Promise<void> {
  const n = quick ? 20_000 : 100_000;
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/compliance.ts'), String(n)], { encoding: 'utf8', cwd: ROOT });
  const m = /median ([\d.]+) ms/.exec(r.stdout);
  if (!m) return void notes.push(`compliance engine: no figure (${(r.stderr || r.stdout).slice(0, 200)})`);
  const t = Number(m[1]);
  record({ benchmark: `compliance engine, ${n.toLocaleString('en')} incidents in memory`, engine: '—', figure: ms(t), baseline: '', ratio: `${((t / n) * 1e6).toFixed(0)} ms per 1M (linear)`, target: '≤ 1 s at 1M', met: met((t / n) * 1e6 <= 1000) });
}

/** The moment compliance is assessed at over a generated world (its period ends on 9 October 2026). */
const AS_OF = '2026-10-09';

interface ComplianceFigures {
  /** computed from the record alone (every walk whole), ms */
  whole: number;
  /** a count(*) of the agreement's incidents, ms: the least any assessment must read */
  base: number;
  considered: number;
  /** the kept computation after one incident changed (flipped to draft, then back), each ms, from the walk held */
  afterChange: number[];
  /** days read again on the walk held, for each change */
  daysRead: Array<number | 'whole'>;
}

/**
 * Compliance over a stored world two ways: from the record (every walk whole: a server's first computation, or
 * after the agreement changed), and the way a server keeps it current after a change of one incident (the
 * worker's job, `computeKept`, built on the walk it holds: walk-memory.ts). The change is undone afterwards.
 */
async function measureCompliance(store: Store): Promise<ComplianceFigures> {
  const b0 = performance.now();
  await store.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).where('agreementId', '=', 'gaza-2025').executeTakeFirstOrThrow();
  const base = performance.now() - b0;
  const t0 = performance.now();
  const c = await withWholeWalks(() => complianceOf(store, 'gaza-2025', AS_OF));
  const whole = performance.now() - t0;
  const keys = [keptKey('compliance', 'gaza-2025', AS_OF, normaliseAsOf(AS_OF))];
  await computeKept(store, keys); // the first computation, which keeps its walk
  const one = await store.db.selectFrom('incidents').select(['id', 'version']).where('agreementId', '=', 'gaza-2025').where('status', '=', 'verified').where('date', '<=', AS_OF).orderBy('date', 'desc').limit(1).executeTakeFirstOrThrow();
  const ctx = benchContext(store, 8080);
  const afterChange: number[] = [];
  const daysRead: Array<number | 'whole'> = [];
  for (const [n, status] of (['draft', 'verified'] as const).entries()) {
    await updateIncident(ctx, one.id, one.version + n, { status }, 'benchmark: a change to recompute after (undone next)');
    const t1 = performance.now();
    await computeKept(store, keys);
    afterChange.push(performance.now() - t1);
    daysRead.push(lastWalk());
  }
  return { whole, base, considered: c.incidentsConsidered, afterChange, daysRead };
}

function recordCompliance(label: string, incidents: number, c: ComplianceFigures): void {
  const world = `${incidents.toLocaleString('en')} incidents, ${c.considered.toLocaleString('en')} considered`;
  record({ benchmark: `compliance of gaza-2025 from the record (${world})`, engine: label, figure: ms(c.whole), baseline: `count(*) of its incidents: ${ms(c.base)}`, ratio: (c.whole / c.base).toFixed(0), target: '≤ 1 s at 1M', met: met(c.whole <= 1000) });
  const worst = Math.max(...c.afterChange);
  record({ benchmark: `compliance of gaza-2025 after one incident changed, as a server keeps it (${world}; days read again: ${c.daysRead.join(', ')})`, engine: label, figure: c.afterChange.map(ms).join(', '), baseline: `from the record ${ms(c.whole)}`, ratio: (worst / c.whole).toFixed(2), target: '≤ 1 s at 1M', met: met(worst <= 1000) });
}

/** Compliance over a stored world, in a child process so a run that takes minutes at 1M can be cut off. */
async function storedComplianceLimited(location: string, label: string, incidents: number, seconds: number): Promise<void> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--compliance-child', location], { encoding: 'utf8', cwd: ROOT, timeout: seconds * 1000, killSignal: 'SIGKILL' });
  const m = /^compliance (\{.*\})$/m.exec(r.stdout ?? '');
  if (!m) {
    record({ benchmark: `compliance of gaza-2025 over the stored world (${incidents.toLocaleString('en')} incidents)`, engine: label, figure: r.error || r.signal ? `did not finish in ${seconds} s (stopped)` : `failed: ${(r.stderr ?? '').slice(-200)}`, baseline: '', ratio: '', target: '≤ 1 s at 1M', met: '✗' });
    return;
  }
  recordCompliance(label, incidents, JSON.parse(m[1]!) as ComplianceFigures);
}

if (flag('compliance-child')) {
  const store = await openStore(resolveDatabase(flag('compliance-child')), { create: false });
  console.log(`compliance ${JSON.stringify(await measureCompliance(store))}`);
  await store.close();
  process.exit(0);
}

async function storedCompliance(store: Store, label: string, incidents: number): Promise<void> {
  recordCompliance(label, incidents, await measureCompliance(store));
}

// ---- import: bench/import.ts (ACLED CSV vs sqlite3 .import), run as its own process for a clean peak RSS --------
async function importBench(): Promise<void> {
  const file = join(ROOT, 'bench/import.ts');
  if (!existsSync(file)) return void notes.push('import: bench/import.ts not present');
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...['--rows', flag('import-rows') ?? (quick ? '5000' : '100000')]], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 24 });
  const out = r.stdout;
  const base = /baseline, (.*?): [\d.]+ s = ([\d,]+) rows\/s/.exec(out);
  const truce = /truce import acled: ([\d.]+) s = ([\d,]+) rows\/s/.exec(out);
  const ratio = /ratio to the baseline: ([\d.]+)/.exec(out);
  const peak = /peak RSS of the importing process: (\d+) MB/.exec(out);
  if (!truce || !base) return void notes.push(`import: no figure from bench/import.ts (exit ${r.status}): ${(r.stderr || out).slice(-300)}`);
  const rows = /generated ([\d,]+) ACLED rows/.exec(out)?.[1] ?? '?';
  record({ benchmark: `import of ${rows} ACLED rows`, engine: 'sqlite', figure: `${truce[2]} rows/s, peak RSS ${peak?.[1] ?? '?'} MB`, baseline: `${base[1]}: ${base[2]} rows/s`, ratio: ratio?.[1] ?? '', target: '≥ 0.5, ≤ 300 MB', met: met(Number(ratio?.[1]) >= 0.5 && Number(peak?.[1]) <= 300) });
}

// ---- worlds ------------------------------------------------------------------------------------------------------
interface World {
  engine: 'sqlite' | 'postgres';
  location: string;
  incidents: number;
  dispose(): Promise<void>;
}

async function makeWorld(engine: 'sqlite' | 'postgres', size: number, articles: number): Promise<World | null> {
  let location: string;
  let dispose: () => Promise<void>;
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'truce-bench-'));
    location = join(dir, 'world.db');
    dispose = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const server = flag('postgres');
    if (!server) return null;
    const name = `truce_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${name}`;
    location = url.toString();
    dispose = async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const store = await openStore(resolveDatabase(location));
  await migrate(store);
  const w = await generateWorld(store, { incidents: size, articles, seed: 1, mode: 'bulk', seriesDays: quick ? 30 : undefined });
  await store.close();
  record({ benchmark: `world generation (bulk, with audit events), ${size.toLocaleString('en')} incidents + ${articles.toLocaleString('en')} articles`, engine, figure: `${Math.round(w.incidents / w.seconds)} incidents/s (${w.seconds.toFixed(1)} s, ${w.auditEvents.toLocaleString('en')} audit events)`, baseline: '', ratio: '', target: '', met: '' });
  return { engine, location, incidents: size, dispose };
}

async function worldBenchmarks(world: World): Promise<void> {
  const store = await openStore(resolveDatabase(world.location), { create: false });
  await migrate(store); // a world made before migration 0004 gets its indexes here
  try {
    await step(`search (${world.engine})`, async () => {
      const s = await runSearch(store, { quick });
      for (const x of s.searches) {
        if (x.error) {
          record({ benchmark: `full-text search, ${x.name}`, engine: world.engine, figure: `failed: ${x.error}`, baseline: '', ratio: '', target: '', met: '✗' });
          continue;
        }
        record({ benchmark: `full-text search over ${x.name.startsWith('incidents') ? `${world.incidents.toLocaleString('en')} incidents` : `${s.documents.toLocaleString('en')} documents`}, ${x.name}`, engine: world.engine, figure: `median ${ms(x.median)}, p99 ${ms(x.p99)}`, baseline: `point read ${ms(s.baseline.median)}`, ratio: `${(x.median / s.baseline.median).toFixed(0)}×`, target: '', met: '' });
      }
    });
    await step(`compliance (${world.engine})`, () => (world.incidents > 200_000 ? storedComplianceLimited(world.location, world.engine, world.incidents, Number(flag('compliance-limit') ?? 300)) : storedCompliance(store, world.engine, world.incidents)));
  } finally {
    await store.close();
  }
  await step(`kept reports (${world.engine})`, () => keptBench(world));
  await step(`weekly report (${world.engine})`, () => reportBench(world));
  await step(`api (${world.engine})`, async () => {
    const r = await runApi(world.location, { quick });
    record({ benchmark: 'HTTP baseline: Fastify hello world', engine: world.engine, figure: `${Math.round(r.hello.requestsPerSecond)} req/s, p50 ${r.hello.p50} ms, p99 ${r.hello.p99} ms`, baseline: '', ratio: '1', target: '', met: '' });
    for (const x of r.routes) {
      const ratio = x.requestsPerSecond / r.hello.requestsPerSecond;
      record({ benchmark: `GET ${x.name} (${world.incidents.toLocaleString('en')} incidents)`, engine: world.engine, figure: `${Math.round(x.requestsPerSecond)} req/s, p50 ${x.p50} ms, p99 ${x.p99} ms${x.errors || x.non2xx ? `, ${x.errors} errors ${x.non2xx} non-2xx` : ''}`, baseline: `hello ${Math.round(r.hello.requestsPerSecond)} req/s`, ratio: ratio.toFixed(2), target: '≥ 0.5, p99 ≤ 20 ms', met: met(ratio >= 0.5 && x.p99 <= 20) });
    }
    if (r.overview) {
      record({ benchmark: `GET overview aggregates (${world.incidents.toLocaleString('en')} incidents), first request`, engine: world.engine, figure: ms(r.overview.first), baseline: '', ratio: '', target: '≤ 100 ms', met: met(r.overview.first <= 100) });
      record({ benchmark: `GET overview aggregates, repeated (${r.overview.runs} requests)`, engine: world.engine, figure: `median ${ms(r.overview.median)}, worst ${ms(r.overview.max)}`, baseline: `first ${ms(r.overview.first)}`, ratio: (r.overview.median / r.overview.first).toFixed(3), target: '≤ 100 ms', met: met(r.overview.median <= 100) });
    } else notes.push('overview: GET /api/agreements/:id/overview not found');
  });
}

/**
 * Kept reports (bench/kept.ts, its own process): computing gaza-2025's dashboard and compliance from the record, and
 * answering them from the kept copy on a freshly opened connection, against a point read of the audit head.
 */
async function keptBench(world: World): Promise<void> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/kept.ts'), '--database', world.location, '--reads', quick ? '5' : '20'], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 24 });
  const out = r.stdout ?? '';
  const computed = /gaza-2025 ([\d.]+) s/.exec(out);
  const head = /audit head \(baseline\): median ([\d.]+) ms/.exec(out);
  const overview = /overview served: first ([\d.]+) ms, median ([\d.]+) ms/.exec(out);
  const compliance = /compliance served: first ([\d.]+) ms, median ([\d.]+) ms, worst [\d.]+ ms \(([\d.]+) MB/.exec(out);
  if (!computed || !head || !overview || !compliance) return void notes.push(`kept reports (${world.engine}): no figures (${(r.stderr || out).slice(-300)})`);
  const n = world.incidents.toLocaleString('en');
  record({ benchmark: `dashboard (staff, public) and compliance of gaza-2025 computed from the record (${n} incidents): once per change, in a worker or at the end of an import`, engine: world.engine, figure: `${Number(computed[1]).toFixed(1)} s`, baseline: '', ratio: '', target: '', met: '' });
  const base = `audit head read: ${ms(Number(head[1]))}`;
  record({ benchmark: `overview aggregates answered from the kept copy (${n} incidents), first request of a new process / median`, engine: world.engine, figure: `${ms(Number(overview[1]))} / ${ms(Number(overview[2]))}`, baseline: base, ratio: (Number(overview[1]) / Number(head[1])).toFixed(0), target: '≤ 100 ms', met: met(Number(overview[1]) <= 100) });
  record({ benchmark: `compliance answered from the kept copy (${n} incidents, ${compliance[3]} MB of JSON), first / median`, engine: world.engine, figure: `${ms(Number(compliance[1]))} / ${ms(Number(compliance[2]))}`, baseline: base, ratio: (Number(compliance[2]) / Number(head[1])).toFixed(0), target: '≤ 1 s at 1M', met: met(Number(compliance[2]) <= 1000) });
}

/**
 * The weekly situation report (bench/report.ts, its own process) against reading the fortnight's incidents it lists
 * and compares through the same walk.
 */
async function reportBench(world: World): Promise<void> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/report.ts'), '--database', world.location, '--runs', quick ? '1' : '3'], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 24 });
  const out = r.stdout ?? '';
  const floor = /\(baseline\): (\d+) incidents .*?median (\d+) ms \(CPU (\d+) ms\)/.exec(out);
  const listed = /: (\d+) incidents listed/.exec(out);
  const first = /report first: (\d+) ms \(CPU (\d+) ms\)/.exec(out);
  const again = /report again: median (\d+) ms \(CPU (\d+) ms\)/.exec(out);
  const html = /render html: (\d+) ms/.exec(out);
  if (!floor || !listed || !first || !again) return void notes.push(`weekly report (${world.engine}): no figures (${(r.stderr || out).slice(-300)})`);
  record({
    benchmark: `weekly situation report (${world.incidents.toLocaleString('en')} incidents; ${listed[1]} listed), first (its compliance computed and kept) / again`,
    engine: world.engine,
    figure: `${ms(Number(first[1]))} / ${ms(Number(again[1]))} (CPU ${ms(Number(first[2]))} / ${ms(Number(again[2]))}); HTML rendered in ${html ? ms(Number(html[1])) : '?'}`,
    baseline: `reading the fortnight's ${floor[1]} incidents: ${ms(Number(floor[2]))}`,
    ratio: (Number(again[1]) / Number(floor[2])).toFixed(1),
    target: '',
    met: '',
  });
}

// ---- the report --------------------------------------------------------------------------------------------------
async function engineVersions(worlds: World[]): Promise<string[]> {
  const out: string[] = [];
  for (const w of worlds) {
    const store = await openStore(resolveDatabase(w.location), { create: false });
    const v = w.engine === 'sqlite' ? await sql<{ v: string }>`SELECT sqlite_version() AS v`.execute(store.db) : await sql<{ v: string }>`SELECT version() AS v`.execute(store.db);
    out.push(`${w.engine === 'sqlite' ? 'SQLite' : ''} ${v.rows[0]!.v.split(' on ')[0]}`.trim());
    await store.close();
  }
  return out;
}

function writeResults(file: string, versions: string[], load: { before: number[]; after: number[] }, worlds: World[]): void {
  const table = [
    '| Benchmark | Engine | Figure | Baseline (same run) | Ratio | Target | Met |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${[r.benchmark, r.engine, r.figure, r.baseline, r.ratio, r.target, r.met].map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
  ];
  const text = [
    `# Benchmark results${quick ? ' (quick run)' : ''}`,
    '',
    `Written by \`npm run bench${quick ? ' -- --quick' : ''}\` (bench/run.ts) on ${new Date(started).toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; engines: ${versions.join('; ') || '—'}.`,
    `Load average (1/5/15 min) before: ${load.before.map((x) => x.toFixed(1)).join(' / ')}, after: ${load.after.map((x) => x.toFixed(1)).join(' / ')} — the machine is shared, so absolute figures are noisy; the ratios against baselines measured in the same run are what to compare.`,
    `Worlds: ${worlds.map((w) => `${w.engine} ${w.incidents.toLocaleString('en')} incidents`).join(', ') || '—'} (bench/generate.ts, seed 1).`,
    '',
    ...table,
    '',
    ...(notes.length ? ['Notes:', '', ...notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
  // A hand-written "## Findings" section (profiles, fixes, before/after) survives re-runs.
  const held = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const findings = held.indexOf('\n## Findings');
  writeFileSync(file, findings >= 0 ? `${text}${held.slice(findings)}` : text);
  console.log(`\nwrote ${file}`);
}

const load = { before: loadavg(), after: [] as number[] };
await step('extraction', extraction);
await step('consolidation', consolidation);
await step('compliance engine', complianceEngine);
await step('import', importBench);

const worlds: World[] = [];
const given: Array<[string | undefined, 'sqlite' | 'postgres']> = [[flag('sqlite'), 'sqlite'], [flag('pg-world'), 'postgres']];
if (given.some(([g]) => g)) {
  for (const [location, engine] of given) {
    if (!location) continue;
    const store = await openStore(resolveDatabase(location), { create: false });
    const n = await store.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await store.close();
    worlds.push({ engine, location, incidents: Number(n.n), dispose: async () => undefined });
  }
} else {
  const size = quick ? 5_000 : 100_000;
  const articles = quick ? 2_000 : 100_000;
  for (const engine of ['sqlite', 'postgres'] as const) {
    await step(`world (${engine})`, async () => {
      const w = await makeWorld(engine, size, articles);
      if (w) worlds.push(w);
      else notes.push(`${engine}: no --postgres URL given, so no PostgreSQL figures`);
    });
  }
}
for (const w of worlds) await worldBenchmarks(w);
const versions = await engineVersions(worlds).catch(() => []);
for (const w of worlds) await w.dispose();
load.after = loadavg();
writeResults(resolve(ROOT, quick ? 'bench/RESULTS-quick.md' : (flag('out') ?? 'bench/RESULTS.md')), versions, load, worlds);
