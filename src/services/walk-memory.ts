// What an agreement walk (services/compliance.ts) leaves behind, so that the next walk after a change reads only
// the days the change touched. A walk groups an agreement's incidents day by day, and an entry of one day depends
// on that day's incidents alone; the audit trail names every incident a write changed, with the day it had before
// and has now. So the days of the incidents changed since the walk was read are read again and every other day is
// taken as it was: at a million incidents a change of a few incidents costs the days it touched instead of 650k
// rows (issue 8, bench/RESULTS.md Finding 21). Anything else that could move an entry (the agreement, its lines,
// an actor) makes the next walk a whole one.
import { sql } from 'kysely';
import type { Store } from '../store/connect.ts';

/** A walk's days as it read them: per arm, each day's entries (by the key they are told apart by) and toll groups. */
export interface WalkDays<Entry, Toll> {
  filed: Map<string, Map<string, Entry>>;
  unfiled: Map<string, Map<string, Entry>>;
  /** per arm and day (`f`/`u` then the day), with `tolls` */
  tolls: Map<string, Toll[]>;
  /** without `tolls`: the incidents of each day the report says it considered (with, the toll groups count them) */
  considered?: Map<string, number>;
}

export interface WalkMemory<Entry = unknown, Toll = unknown> {
  /** the store, agreement, version and binding lines the walk was read for (`walkKey` in compliance.ts) */
  key: string;
  /** the last day it holds (its `asOf` day) */
  day: string;
  /** the audit head before it was read: every change after it is read again */
  seq: number;
  hash: string;
  /** whether it summed the tolls of every incident (a walk that did serves one that does not; not the reverse) */
  tolls: boolean;
  days: WalkDays<Entry, Toll>;
  /** the incidents of the entries a report has named (an entry of a day not read again stands for the same ones) */
  named: WeakMap<object, string[]>;
  /** the next free entry number (entries are named `group-N`, unique across the walks built on one another) */
  nextEntry: number;
}

/** Audit entities whose changes cannot move a walk's entries (claims, documents and series are read elsewhere). */
const UNMOVING = new Set(['claim', 'source-document', 'series', 'series-point', 'user', 'api-token', 'credential', 'release']);

/** More changes than this since the walk was read: reading them costs about what a whole walk does. */
const MAX_CHANGES = 20_000;
/** More days to read again than this: the whole walk is as cheap. */
const MAX_DAYS = 400;

const memories = new Map<string, WalkMemory>();
/** Two walks kept (the live day, and one other day or agreement): each holds ~100k entries at a million incidents. */
const KEPT = 2;
let rowsToKeep = 20_000;

/**
 * A walk is kept when it read at least `rows` rows (default 20,000): below that a whole walk takes tens of
 * milliseconds and memory is better spent elsewhere. Tests set 0 to exercise the path on a small record.
 */
export function keepWalksFrom(rows: number): void {
  rowsToKeep = rows;
  memories.clear();
}

export function worthKeeping(rowsRead: number): boolean {
  return whole === 0 && rowsRead >= rowsToKeep;
}

let whole = 0;
let last: 'whole' | number = 'whole';

/**
 * Runs `compute` with every walk read whole and none kept: what a walk built on one held must equal (the tests),
 * and the cost of computing from the record alone (the benchmark).
 */
export async function withWholeWalks<T>(compute: () => Promise<T>): Promise<T> {
  whole++;
  try {
    return await compute();
  } finally {
    whole--;
  }
}

/** How the last walk was read: whole, or the number of days read again on a walk held. */
export function lastWalk(): 'whole' | number {
  return last;
}

export function remember(memory: WalkMemory): void {
  if (whole > 0) return;
  const held = memories.get(memory.key);
  // An older head or an earlier day never replaces what is held: the live day, a newer head, serve more.
  if (held && (held.seq > memory.seq || held.day > memory.day)) return;
  memories.delete(memory.key);
  memories.set(memory.key, memory);
  while (memories.size > KEPT) memories.delete(memories.keys().next().value!);
}

/** Whether a walk is held for `key` that a caller can build on (one summing tolls, if `tolls`). */
export function holdsWalk(key: string, tolls = false): boolean {
  const memory = memories.get(key);
  return whole === 0 && memory !== undefined && (!tolls || memory.tolls);
}

export interface Recalled<Entry, Toll> {
  memory: WalkMemory<Entry, Toll>;
  /** the days up to `day` to read again; every other day up to `day` is taken from `memory` */
  touched: Set<string>;
}

/**
 * What is held for `key`, with the days to read again to bring it to `head` and `day`; null when nothing is held or
 * the changes since are not of incidents alone (then the walk is read whole).
 */
export async function recall<Entry, Toll>(store: Store, key: string, head: { seq: number; hash: string }, day: string, tolls: boolean): Promise<Recalled<Entry, Toll> | null> {
  last = 'whole';
  const memory = whole > 0 ? undefined : (memories.get(key) as WalkMemory<Entry, Toll> | undefined);
  if (!memory || (tolls && !memory.tolls) || memory.seq > head.seq || memory.seq === 0) return null;
  const touched = new Set<string>();
  if (memory.seq === head.seq) {
    if (memory.hash !== head.hash) return null;
  } else {
    // The record the walk was read from is still this one's past (not a restored or another database).
    const then = await store.db.selectFrom('auditEvents').select('hash').where('seq', '=', memory.seq).executeTakeFirst();
    if (then?.hash !== memory.hash) return null;
    const changes = await store.db
      .selectFrom('auditEvents')
      .select(['entity', 'entityId', 'old', 'new'])
      .where('seq', '>', memory.seq)
      .where('seq', '<=', head.seq)
      .orderBy('seq')
      .limit(MAX_CHANGES + 1)
      .execute();
    if (changes.length > MAX_CHANGES) return null;
    const incidents = new Set<string>();
    for (const c of changes) {
      if (UNMOVING.has(c.entity)) continue;
      if (c.entity !== 'incident') return null;
      incidents.add(c.entityId);
      // The day it had (an update's old side names the date only when the date changed) and the day it was given.
      for (const side of [c.old, c.new]) {
        const date = side === null ? undefined : (JSON.parse(side) as { date?: unknown }).date;
        if (typeof date === 'string') touched.add(date);
      }
    }
    // The day each changed incident has now (a status or link change names no date).
    const ids = [...incidents];
    for (let k = 0; k < ids.length; k += 500) {
      for (const r of await store.db.selectFrom('incidents').select(sql<string | null>`date`.as('date')).where('id', 'in', ids.slice(k, k + 500)).execute()) {
        if (r.date !== null) touched.add(r.date);
      }
    }
  }
  // A later day than the walk held: the days between are read too.
  if (memory.day < day) {
    const next = new Date(`${memory.day}T00:00:00Z`);
    for (;;) {
      next.setUTCDate(next.getUTCDate() + 1);
      const d = next.toISOString().slice(0, 10);
      if (d > day) break;
      touched.add(d);
      if (touched.size > MAX_DAYS) return null;
    }
  }
  for (const d of touched) if (d > day) touched.delete(d);
  if (touched.size > MAX_DAYS) return null;
  last = touched.size;
  return { memory, touched };
}
