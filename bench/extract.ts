// Extractor throughput: documents per second on one core over the dev articles and MoH bulletins from
// ../shared/eval/dev (read at run time; their text is never copied into this repository), repeated until the
// run is long enough to measure. The lexicon is loaded once beforehand, as the CLI does.
// Run: node --import tsx bench/extract.ts [documents]
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { bundledLexicon } from '../src/extract/bundled.ts';
import { extract } from '../src/extract/index.ts';

const total = Number(process.argv[2] ?? 5000);
const dev = fileURLToPath(new URL('../../shared/eval/dev/', import.meta.url));
if (!existsSync(`${dev}articles.jsonl`)) {
  console.error(`bench/extract: ${dev}articles.jsonl not found; this benchmark reads the dev texts from ../shared/eval/dev`);
  process.exit(2);
}
const read = (f: string) => readFileSync(`${dev}${f}`, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
const docs = [
  ...read('articles.jsonl').map((r) => ({ text: String(r.text), published: (r.published as string | null) ?? null })),
  ...read('moh-bulletins.jsonl').map((r) => ({ text: String(r.text), published: String(r.date) })),
];

const t0 = performance.now();
const lexicon = bundledLexicon();
const loadMs = performance.now() - t0;

for (const d of docs) extract(d.text, lexicon, { published: d.published }); // warm-up: JIT and regex caches
let items = 0;
const start = performance.now();
for (let i = 0; i < total; i++) {
  const d = docs[i % docs.length]!;
  const r = extract(d.text, lexicon, { published: d.published });
  items += r.incidents.length + r.tallies.length + r.pledges.length;
}
const secs = (performance.now() - start) / 1000;
const chars = docs.reduce((n, d) => n + d.text.length, 0) / docs.length;
console.log(`extract: ${total} documents (${docs.length} distinct, mean ${Math.round(chars)} chars) in ${secs.toFixed(2)} s`);
console.log(`extract: ${Math.round(total / secs)} documents/s on one core (lexicon load ${Math.round(loadMs)} ms, ${items} items)`);
