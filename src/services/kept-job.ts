// The jobs a kept-report worker runs (kept-worker.mjs): for each, open the database, compute the report — and the
// agreement's other live reports sent along with it — the way the services do in-process
// (services/kept-compute.ts), and hand their JSON back. The main thread keeps them (services/kept.ts), so kept
// reports are written one way. The worker lives as long as the server and takes one job at a time: the walks it
// holds (walk-memory.ts) let the job after a change read only the days that change touched.
import { parentPort } from 'node:worker_threads';
import { openStore } from '../store/connect.ts';
import { computeKept } from './kept-compute.ts';
import type { KeptJob } from './kept.ts';

let queue: Promise<unknown> = Promise.resolve();

parentPort!.on('message', (job: KeptJob & { n: number }) => {
  queue = queue.then(() => run(job));
});

async function run({ n, location, alongside, ...key }: KeptJob & { n: number }): Promise<void> {
  let store: Awaited<ReturnType<typeof openStore>> | undefined;
  try {
    store = await openStore(location, { create: false });
    parentPort!.postMessage({ n, reports: await computeKept(store, [key, ...(alongside ?? [])]) });
  } catch (err) {
    parentPort!.postMessage({ n, error: (err as Error).message });
  } finally {
    await store?.close().catch(() => undefined);
  }
}
