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
    newId,
  };
}

/**
 * `prefix_` + 20 characters: the creation time (milliseconds, base 36, 9 characters) then 11 random hex digits.
 * Ids made one after another sort together, so a million new rows are appended to the primary-key and audit
 * indexes instead of scattered over them (random ids made each insert touch a different page), while ids made in
 * the same millisecond by two servers still differ.
 */
export function newId(prefix: string): string {
  // randomUUID draws from a buffered pool of entropy (randomBytes asks the kernel on every call); its first 11 hex
  // digits are random.
  const u = randomUUID();
  return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${u.slice(0, 8)}${u.slice(9, 12)}`;
}
