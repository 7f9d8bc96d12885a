// How kept reports (services/kept.ts) are computed: one report, or an agreement's live reports together, reading
// one walk through its incidents. The worker thread (kept-job.ts) and the end of a large import (`keepReports`)
// both compute through here, so the order that lets the walk be shared is written once.
import type { Store } from '../store/connect.ts';
import { listAgreements } from '../store/repositories/agreements.ts';
import { complianceFigures, sharingWalks } from './compliance.ts';
import { type ComputedBody, type KeptKey, keepTogether, liveKeys } from './kept.ts';
import { computeOverview } from './overview.ts';

/**
 * The staff dashboard first: its walk also sums tolls, and a walk that sums tolls serves the public dashboard and
 * compliance after it, while one that does not would not serve the staff dashboard.
 */
const order = (k: KeptKey) => (k.kind === 'overview' ? (k.view === 'internal' ? 0 : 1) : 2);

/** Computes the reports of `keys`, sharing agreement walks between them; answers in the order of `keys`. */
export async function computeKept(store: Store, keys: readonly KeptKey[]): Promise<ComputedBody[]> {
  const computed: ComputedBody[] = new Array(keys.length);
  const positions = keys.map((_, n) => n).sort((a, b) => order(keys[a]!) - order(keys[b]!));
  await sharingWalks(async () => {
    for (const n of positions) {
      const k = keys[n]!;
      const started = performance.now();
      const report = k.kind === 'overview' ? await computeOverview(store, k.subject, k.at, k.view!) : await complianceFigures(store, k.subject, k.at);
      computed[n] = { body: JSON.stringify(report), computeMs: Math.round(performance.now() - started) };
    }
  });
  return computed;
}

/**
 * Computes and keeps every agreement's live dashboard (staff and public) and compliance: run after a large import,
 * so the first reader of a record that grew by tens of thousands of incidents is not the one who waits for the
 * figures. Returns each agreement with the seconds its figures took.
 */
export async function keepReports(store: Store): Promise<Array<{ agreementId: string; seconds: number }>> {
  const done: Array<{ agreementId: string; seconds: number }> = [];
  for (const { id } of await listAgreements(store.db)) {
    const started = performance.now();
    const keys = liveKeys(id, new Date().toISOString());
    await keepTogether(store, keys, () => computeKept(store, keys));
    done.push({ agreementId: id, seconds: (performance.now() - started) / 1000 });
  }
  return done;
}
