// Consolidation at scale: clusters seeded synthetic reports (places from the bundled gazetteer, dates over months,
// perpetrators, event types, varied figures, each incident told by 1–5 reports in varied wording and sometimes a
// day or a district off) at 10k and 100k reports, and prints seconds and the growth ratio 100k/10k. Near-linear
// means a ratio near 10. Reports are spread at a constant density (months grow with the count: a bigger archive
// covers a longer war, not more reports per day and street); a second 100k run at the 10k run's span shows what
// denser data costs. Also prints pairwise precision/recall against the synthetic truth.
// Run: node --import tsx bench/consolidate.ts [--quick]
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { clusterReports, type ConsolidationReport } from '../src/consolidate/index.ts';
import { bundledLexicon } from '../src/extract/bundled.ts';

/** Small fast seeded generator (mulberry32), so every run clusters the same reports. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = [
  { eventType: 'Explosions/Remote violence', perpetrators: ['Israel'], targets: [null, 'Hamas'], nouns: ['air strike', 'drone strike', 'shelling', 'missile'], hits: ['a house', 'a school sheltering displaced families', 'a tent camp', 'a car', 'a market'] },
  { eventType: 'Violence against civilians', perpetrators: ['Israel', 'RSF'], targets: [null], nouns: ['gunfire', 'shooting', 'raid'], hits: ['people waiting for aid', 'farmers', 'fishermen', 'returning residents'] },
  { eventType: 'Battles', perpetrators: ['Hamas', 'Hezbollah', 'Israel'], targets: ['Israel', 'Hamas'], nouns: ['clash', 'firefight', 'ambush'], hits: ['an army patrol', 'fighters', 'a checkpoint'] },
];
const VERBS = ['killed', 'left dead', 'claimed the lives of'];
const OUTLETS = ['Reuters', 'Al Jazeera', 'AP', 'WAFA', 'Times of Israel', 'AFP'];

interface Synthetic {
  reports: ConsolidationReport[];
  truth: number[];
}

export function synthesize(n: number, spanDays: number, seed = 7): Synthetic {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const places = bundledLexicon().gazetteer.places.filter((p) => p.kind !== 'country' && p.kind !== 'region');
  const day0 = Date.parse('2024-01-01T00:00:00Z');
  const reports: ConsolidationReport[] = [];
  const truth: number[] = [];
  let incident = 0;
  while (reports.length < n) {
    const place = pick(places);
    const kind = pick(KINDS);
    const perpetrator = pick(kind.perpetrators);
    const target = pick(kind.targets);
    const noun = pick(kind.nouns);
    const hit = pick(kind.hits);
    const day = Math.floor(rand() * spanDays);
    const killed = 1 + Math.floor(rand() * 30);
    const copies = Math.min(n - reports.length, 1 + Math.floor(rand() * 5));
    for (let c = 0; c < copies; c++) {
      const shift = rand() < 0.2 ? (rand() < 0.5 ? -1 : 1) : 0;
      const vague = rand() < 0.15;
      const figure = Math.max(1, killed + Math.floor((rand() - 0.5) * 6));
      const outlet = pick(OUTLETS);
      const wording = rand() < 0.5
        ? `${outlet}: An ${perpetrator} ${noun} on ${hit} in ${place.name} ${pick(VERBS)} ${figure} people, local officials said`
        : `${figure} dead after ${noun} hits ${hit} in ${place.name}, according to ${outlet}`;
      reports.push({
        id: `r${reports.length}`,
        date: new Date(day0 + (day + shift) * 86_400_000).toISOString().slice(0, 10),
        datePrecision: 1,
        placeName: place.name,
        // A vague report places the event in the district: a few kilometres off, precision 2.
        lat: place.lat + (vague ? (rand() - 0.5) * 0.05 : 0),
        lon: place.lon + (vague ? (rand() - 0.5) * 0.05 : 0),
        geoPrecision: vague ? 2 : 1,
        eventType: kind.eventType,
        perpetrator: rand() < 0.1 ? null : perpetrator,
        target,
        text: wording,
        sourceId: `doc${reports.length}`,
        killed: { low: figure, best: figure, high: figure },
      });
      truth.push(incident);
    }
    incident++;
  }
  return { reports, truth };
}

/** Pairwise precision and recall of clusters against the truth, from the contingency table (no pair loop). */
function pairwise(clusters: { reportIds: string[] }[], truth: number[]): { precision: number; recall: number } {
  const label = new Map<string, number>();
  clusters.forEach((c, k) => c.reportIds.forEach((id) => label.set(id, k)));
  const pairs = (m: Map<string | number, number>) => [...m.values()].reduce((s, v) => s + (v * (v - 1)) / 2, 0);
  const byCluster = new Map<number, number>();
  const byTruth = new Map<number, number>();
  const both = new Map<string, number>();
  truth.forEach((t, i) => {
    const c = label.get(`r${i}`)!;
    byCluster.set(c, (byCluster.get(c) ?? 0) + 1);
    byTruth.set(t, (byTruth.get(t) ?? 0) + 1);
    both.set(`${c}|${t}`, (both.get(`${c}|${t}`) ?? 0) + 1);
  });
  const tp = pairs(both as Map<string | number, number>);
  return { precision: tp / (pairs(byCluster as Map<string | number, number>) || 1), recall: tp / (pairs(byTruth as Map<string | number, number>) || 1) };
}

export interface BenchResult {
  label: string;
  reports: number;
  spanDays: number;
  clusters: number;
  seconds: number;
  /** CPU seconds of this process (user + system) over the clustering: the machine is shared, wall time waits. */
  cpuSeconds: number;
  precision: number;
  recall: number;
}

function measure(label: string, n: number, spanDays: number): BenchResult {
  const { reports, truth } = synthesize(n, spanDays);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const clusters = clusterReports(reports);
  const cpu = process.cpuUsage(c0);
  const seconds = (performance.now() - t0) / 1000;
  return { label, reports: n, spanDays, clusters: clusters.length, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, ...pairwise(clusters, truth) };
}

export function run({ quick = false }: { quick?: boolean } = {}): { results: BenchResult[]; ratio: number } {
  const small = quick ? 1_000 : 10_000;
  const big = small * 10;
  const span = 90; // days for the small run: three months
  measure('warm-up', Math.min(small, 2_000), span); // JIT and caches, not reported
  const results = [measure(`${small / 1000}k`, small, span), measure(`${big / 1000}k`, big, span * 10)];
  if (!quick) results.push(measure(`${big / 1000}k, same span as ${small / 1000}k (10x denser)`, big, span));
  const ratio = results[1]!.seconds / results[0]!.seconds;
  return { results, ratio };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { results, ratio } = run({ quick: process.argv.includes('--quick') });
  for (const r of results) {
    console.log(`${r.label.padEnd(34)} ${String(r.reports).padStart(7)} reports over ${String(r.spanDays).padStart(4)} days → ${String(r.clusters).padStart(6)} clusters in ${r.seconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} s CPU  (pairwise precision ${(r.precision * 100).toFixed(1)}%, recall ${(r.recall * 100).toFixed(1)}%)`);
  }
  console.log(`growth ratio ${results[1]!.label}/${results[0]!.label}: ${ratio.toFixed(1)} (10 = linear); CPU ${(results[1]!.cpuSeconds / results[0]!.cpuSeconds).toFixed(1)}`);
}
