// Kept reports (services/kept.ts) over a generated world: how long the dashboard and compliance take to compute
// (what a write costs, once, in the background or at the end of an import) and how long a reader waits for them
// once kept — on the first request of a freshly started server and on repeats — against the least any answer
// costs: reading the audit head (a point read) in the same process.
// Run: node --import tsx bench/kept.ts --database FILE|postgres://… [--agreement gaza-2025] [--reads 20]
import { performance } from 'node:perf_hooks';
import { flag } from './generate.ts';
import { complianceFigures, keptComplianceOf, normaliseAsOf } from '../src/services/compliance.ts';
import { keepReports } from '../src/services/kept-compute.ts';
import { computeOverview, overviewOf } from '../src/services/overview.ts';
import { auditHeadOf } from '../src/store/repositories/audit.ts';
import { migrate, openStore, resolveDatabase } from '../src/store/connect.ts';

const database = flag('database');
if (!database) {
  console.error('bench/kept: give --database FILE or --database postgres://… (a world from bench/generate.ts)');
  process.exit(2);
}
const agreement = flag('agreement', 'gaza-2025')!;
const reads = Number(flag('reads', '20'));
const cpuMs = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let store = await openStore(resolveDatabase(database), { create: false });
await migrate(store);
const incidents = Number((await store.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
// Computing: every kept copy dropped first, so each is computed from the record.
await store.db.deleteFrom('keptReports').execute();
const c0 = process.cpuUsage();
const t0 = performance.now();
const kept = await keepReports(store);
console.log(`compute: ${incidents} incidents; ${kept.map((k) => `${k.agreementId} ${k.seconds.toFixed(2)} s`).join(', ')} (dashboard for staff and the public, and compliance); wall ${((performance.now() - t0) / 1000).toFixed(2)} s, CPU ${(cpuMs(c0) / 1000).toFixed(2)} s`);
// Each on its own, as a server's background worker computes one report when the record has changed (keepReports
// above computes the staff dashboard and compliance from one walk through the agreement's incidents).
const at = normaliseAsOf(new Date().toISOString());
for (const [what, fn] of [['staff dashboard', () => computeOverview(store, agreement, at, 'internal')], ['compliance', () => complianceFigures(store, agreement, at)]] as const) {
  const c = process.cpuUsage();
  const t = performance.now();
  await fn();
  console.log(`compute ${what} of ${agreement} alone: wall ${((performance.now() - t) / 1000).toFixed(2)} s, CPU ${(cpuMs(c) / 1000).toFixed(2)} s`);
}
await store.close();

// A freshly started server: a new connection, nothing in memory.
store = await openStore(resolveDatabase(database), { create: false });
const time = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};
const firstOverview = await time(() => overviewOf(store, agreement, undefined, 'internal'));
const firstCompliance = await time(async () => void (await keptComplianceOf(store, agreement, undefined)).body.length);
const head: number[] = [];
const overview: number[] = [];
const compliance: number[] = [];
let current = true;
let size = 0;
for (let k = 0; k < reads; k++) {
  head.push(await time(() => auditHeadOf(store.db)));
  overview.push(await time(async () => void (current &&= (await overviewOf(store, agreement, undefined, 'internal')).freshness.current)));
  compliance.push(await time(async () => {
    // As the API answers it: the kept JSON sent as it is, not parsed.
    const c = await keptComplianceOf(store, agreement, undefined);
    current &&= c.freshness.current;
    size = c.body.length;
  }));
}
console.log(`audit head (baseline): median ${median(head).toFixed(2)} ms`);
console.log(`overview served: first ${firstOverview.toFixed(1)} ms, median ${median(overview).toFixed(1)} ms, worst ${Math.max(...overview).toFixed(1)} ms`);
console.log(`compliance served: first ${firstCompliance.toFixed(1)} ms, median ${median(compliance).toFixed(1)} ms, worst ${Math.max(...compliance).toFixed(1)} ms (${(size / 1e6).toFixed(1)} MB of JSON)`);
console.log(`every answer current: ${current}`);
await store.close();
