// Compliance engine benchmark: 100,000 synthetic incidents and a year of daily truck figures from two bodies,
// assessed against the bundled Gaza agreement. Prints the time for one full report (median of several runs).
// Run: node --import tsx bench/compliance.ts [incidents]
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { assessCompliance, type ComplianceIncident, type ComplianceSeriesPoint } from '../src/domain/compliance.ts';
import { loadAgreementFile } from '../src/formats/agreement-yaml.ts';
import { EVENT_TYPES, EVENT_TYPE_NAMES } from '../src/domain/acled.ts';
import { GRADES, WORKFLOW_STATUSES } from '../src/domain/grade.ts';

const count = Number(process.argv[2] ?? 100_000);
const agreement = await loadAgreementFile(fileURLToPath(new URL('../data/agreements/gaza-2025.yaml', import.meta.url)));

// A small deterministic generator, so every run assesses the same data.
let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const day0 = Date.parse('2025-10-01T00:00:00Z');
const dayOf = (n: number) => new Date(day0 + n * 86_400_000).toISOString().slice(0, 10);
const provisionIds = agreement.provisions.map((p) => p.id);

const incidents: ComplianceIncident[] = [];
for (let i = 0; i < count; i++) {
  const eventType = pick(EVENT_TYPE_NAMES);
  incidents.push({
    id: `inc-${i}`,
    date: dayOf(Math.floor(rand() * 365)),
    status: pick(WORKFLOW_STATUSES),
    grade: pick(GRADES),
    perpetrator: pick(['israel', 'hamas', 'israel', 'hamas', 'unknown-group']),
    eventType,
    subEventType: pick(EVENT_TYPES[eventType]),
    provisionIds: rand() < 0.2 ? [pick(provisionIds)] : [],
    killedBest: Math.floor(rand() * 4),
  });
}
const series: ComplianceSeriesPoint[] = [];
for (const [body, mean] of [['cogat', 460], ['un2720', 113]] as const) {
  for (let d = 0; d < 365; d++) {
    series.push({ seriesId: `${body}.trucks`, body, metric: 'trucks', mode: 'daily', date: dayOf(d), value: Math.round(mean * (0.5 + rand())) });
  }
}

const times: number[] = [];
let report;
for (let run = 0; run < 7; run++) {
  const t0 = performance.now();
  report = assessCompliance({ agreement, asOf: '2026-09-30T00:00:00Z', incidents, series });
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const assessed = report!.provisions.length;
const verified = report!.provisions.reduce((s, a) => s + a.breaches.verified.count, 0);
console.log(
  `compliance: ${count.toLocaleString('en')} incidents, ${series.length} series points, ${assessed} provision × party assessments ` +
    `(${verified.toLocaleString('en')} verified breach links): median ${median.toFixed(1)} ms, fastest ${times[0]!.toFixed(1)} ms over ${times.length} runs`,
);
