// The job a kept-report worker runs (kept-worker.mjs): open the database, compute the report the way its service
// does in-process (services/overview.ts, services/compliance.ts), and hand its JSON back. The main thread keeps it
// (services/kept.ts), so kept reports are written one way.
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/connect.ts';
import { complianceFigures } from './compliance.ts';
import type { KeptJob } from './kept.ts';
import { computeOverview } from './overview.ts';

const job = workerData as KeptJob;
const store = await openStore(job.location, { create: false });
try {
  const started = performance.now();
  const report = job.kind === 'overview' ? await computeOverview(store, job.subject, job.at, job.view!) : await complianceFigures(store, job.subject, job.at);
  parentPort!.postMessage({ body: JSON.stringify(report), computeMs: Math.round(performance.now() - started) });
} catch (err) {
  parentPort!.postMessage({ error: (err as Error).message });
} finally {
  await store.close();
}
