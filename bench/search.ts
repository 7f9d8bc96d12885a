// Full-text search latency over the source documents of a bench world (100,000 articles in the 1M world), with
// words that match many, some and few documents, and a quoted phrase; also incident search through the incident
// list. The baseline, in the same process against the same database, is reading one document by its id: the ratio
// says how many point reads one search costs, whatever the machine's load.
// Run: node --import tsx bench/search.ts --database FILE|postgres://… [--quick]
import { fileURLToPath } from 'node:url';
import { flag } from './generate.ts';
import { type Store, openStore, resolveDatabase } from '../src/store/connect.ts';
import { listIncidents } from '../src/store/repositories/incidents.ts';
import { getSourceDocument, listSourceDocuments } from '../src/store/repositories/source-documents.ts';

export interface Timing {
  name: string;
  median: number;
  p99: number;
  hits: number;
  error?: string;
}

export const DOCUMENT_QUERIES = ['killed', 'drone strike', '"yellow line"', 'fishermen coast', 'Kerem Shalom', 'deadliest'];

async function timed(name: string, runs: number, fn: () => Promise<number>): Promise<Timing> {
  const times: number[] = [];
  let hits = 0;
  try {
    await fn(); // warm: caches and prepared plans
    for (let k = 0; k < runs; k++) {
      const t0 = performance.now();
      hits = await fn();
      times.push(performance.now() - t0);
    }
  } catch (err) {
    return { name, median: Number.NaN, p99: Number.NaN, hits: 0, error: (err as Error).message.slice(0, 160) };
  }
  times.sort((a, b) => a - b);
  return { name, median: times[Math.floor(times.length / 2)]!, p99: times[Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)]!, hits };
}

export interface SearchBench {
  documents: number;
  baseline: Timing;
  searches: Timing[];
}

export async function runSearch(store: Store, { quick = false }: { quick?: boolean } = {}): Promise<SearchBench> {
  const runs = quick ? 5 : 20;
  const count = await store.db.selectFrom('sourceDocuments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const ids = (await store.db.selectFrom('sourceDocuments').select('id').orderBy('id').limit(1000).execute()).map((r) => r.id);
  let k = 0;
  const baseline = await timed('one document by id (baseline)', runs * 10, async () => ((await getSourceDocument(store.db, ids[k++ % ids.length]!)) ? 1 : 0));
  const searches: Timing[] = [];
  for (const q of DOCUMENT_QUERIES) searches.push(await timed(`documents: ${q}`, runs, async () => (await listSourceDocuments(store.db, store.engine, { text: q, limit: 50 })).length));
  for (const q of ['Khan Younis', 'Hamas battles']) searches.push(await timed(`incidents: ${q} (first page)`, runs, async () => (await listIncidents(store.db, store.engine, { text: q, limit: 50 })).incidents.length));
  return { documents: Number(count.n), baseline, searches };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const database = flag('database');
  if (!database) {
    console.error('bench/search: give --database with a world made by bench/generate.ts');
    process.exit(2);
  }
  const store = await openStore(resolveDatabase(database), { create: false });
  const r = await runSearch(store, { quick: process.argv.includes('--quick') });
  await store.close();
  console.log(`${r.documents} documents; ${r.baseline.name}: median ${r.baseline.median.toFixed(2)} ms`);
  for (const s of r.searches) {
    console.log(s.error ? `${s.name.padEnd(40)} failed: ${s.error}` : `${s.name.padEnd(40)} median ${s.median.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  (${s.hits} shown)  ratio ${(s.median / r.baseline.median).toFixed(0)}× a point read`);
  }
}
