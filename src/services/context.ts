// What every use case needs from the outside world, passed in so results are reproducible: the store, who is
// acting, the clock and the id source.
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/connect.ts';

export interface Context {
  store: Store;
  /** The user name recorded in the audit log for every change made through this context. */
  actor: string;
  now(): string;
  newId(prefix: string): string;
}

export function systemContext(store: Store, actor: string): Context {
  return {
    store,
    actor,
    now: () => new Date().toISOString(),
    newId: (prefix) => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
  };
}
