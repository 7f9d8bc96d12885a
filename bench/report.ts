// The weekly situation report (services/report.ts) over a generated world: how long `truce report` takes for one
// week, the first time (its compliance as of the week's end computed and kept) and again (the kept compliance
// reused), and how long rendering takes, against the least such a report must do: reading the incidents of the week
// and the one before it, which it lists and compares, through the same incident walk.
// Run: node --import tsx bench/report.ts --database FILE|postgres://… [--from 2026-03-02 --to 2026-03-08] [--runs 3]
import { performance } from 'node:perf_hooks';
import { flag } from './generate.ts';
import { renderSitrep } from '../src/report/index.ts';
import { sitrepDays } from '../src/report/model.ts';
import { agreementAsOf, incidentsUnder } from '../src/services/compliance.ts';
import { sitrepOf } from '../src/services/report.ts';
import { migrate, openStore, resolveDatabase } from '../src/store/connect.ts';

const database = flag('database');
if (!database) {
  console.error('bench/report: give --database FILE or --database postgres://… (a world from bench/generate.ts)');
  process.exit(2);
}
// A Monday-to-Sunday week in the middle of the generated year (bench/generate.ts: from 10 October 2025).
const from = flag('from', '2026-03-02')!;
const to = flag('to', '2026-03-08')!;
const runs = Number(flag('runs', '3'));
const agreementId = 'gaza-2025';

const store = await openStore(resolveDatabase(database), { create: false });
await migrate(store);
const timed = async <T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, value };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const { agreement } = await agreementAsOf(store, agreementId, `${to}T23:59:59Z`);
const days = sitrepDays(agreement, from, to);
const readWindow = () =>
  timed(async () => {
    let n = 0;
    for await (const _ of incidentsUnder(store, agreement, { from: days.previousFrom, to })) n++;
    return n;
  });
const reads: Array<Awaited<ReturnType<typeof readWindow>>> = [];
// The first read warms the connection and the code as the report's first run would; the median is the baseline.
for (let k = 0; k <= runs; k++) reads.push(await readWindow());
const floor = { n: reads[0]!.value, ms: median(reads.slice(1).map((r) => r.ms)), cpuMs: median(reads.slice(1).map((r) => r.cpuMs)) };
console.log(`read the fortnight's incidents (baseline): ${floor.n} incidents from ${days.previousFrom} to ${to}, median ${floor.ms.toFixed(0)} ms (CPU ${floor.cpuMs.toFixed(0)} ms); first ${reads[0]!.ms.toFixed(0)} ms`);

const request = { agreementId, from, to, now: new Date().toISOString() };
const first = await timed(() => sitrepOf(store, request));
const again: Array<{ ms: number; cpuMs: number }> = [];
for (let k = 0; k < runs; k++) again.push(await timed(() => sitrepOf(store, request)));
const report = first.value;
console.log(`report ${from} to ${to}: ${report.incidents.length} incidents listed, ${report.compliance.length} provision rows`);
console.log(`report first: ${first.ms.toFixed(0)} ms (CPU ${first.cpuMs.toFixed(0)} ms), with its compliance computed unless already kept`);
console.log(`report again: median ${median(again.map((r) => r.ms)).toFixed(0)} ms (CPU ${median(again.map((r) => r.cpuMs)).toFixed(0)} ms) over ${runs}`);
for (const format of ['md', 'html'] as const) {
  const r = await timed(async () => String(await renderSitrep(report, format)).length);
  console.log(`render ${format}: ${r.ms.toFixed(0)} ms, ${(r.value / 1e6).toFixed(1)} MB`);
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
await store.close();
