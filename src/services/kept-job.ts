// The job a kept-report worker runs (kept-worker.mjs): open the database, compute the report — and the agreement's
// other live reports sent along with it — the way the services do in-process (services/kept-compute.ts), and hand
// their JSON back. The main thread keeps them (services/kept.ts), so kept reports are written one way.
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/connect.ts';
import { computeKept } from './kept-compute.ts';
import type { KeptJob } from './kept.ts';

const { location, alongside, ...key } = workerData as KeptJob;
const store = await openStore(location, { create: false });
try {
  parentPort!.postMessage({ reports: await computeKept(store, [key, ...(alongside ?? [])]) });
} catch (err) {
  parentPort!.postMessage({ error: (err as Error).message });
} finally {
  await store.close();
}
