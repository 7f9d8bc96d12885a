// Tamper evidence beyond the hash chain. The chain proves the audit log was not rewritten; this proves the records
// were not changed behind its back. Every write appends an audit event with the whole record on create and the
// changed fields on update, so replaying an entity's events gives the state it must be in. A row that differs
// from its replay was edited directly in the database; a row with no events was inserted directly; a replay with
// no row was deleted directly. Checked entity by entity, one entity id at a time, so memory stays flat.
import { createHash } from 'node:crypto';
import { canonicalJson, type ChainCheck, chainChecker } from '../domain/audit.ts';
import { contentHash } from '../domain/source.ts';
import type { Queryable, Store } from '../store/connect.ts';
import { fromJson } from '../store/json.ts';
import { allAuditEvents, auditHeadOf } from '../store/repositories/audit.ts';
import { listActors } from '../store/repositories/actors.ts';
import { getClaims } from '../store/repositories/claims.ts';
import { listIncidents } from '../store/repositories/incidents.ts';
import { listSeries, listSeriesPoints } from '../store/repositories/series.ts';
import { getSourceDocuments } from '../store/repositories/source-documents.ts';

export interface RecordProblem {
  entity: string;
  id: string;
  /** changed: differs from what its audit events say; unrecorded: no audit event created it; missing: its audit
   * events say it exists, but the row is gone */
  kind: 'changed' | 'unrecorded' | 'missing';
  /** for `changed`: the fields that differ */
  fields: string[];
}

export interface IntegrityReport {
  chain: { ok: true; events: number; head: string } | { ok: false; reason: string };
  /** records checked per entity */
  checked: Record<string, number>;
  problems: RecordProblem[];
}

/** Fields the audit log does not carry (bookkeeping the diff leaves out on purpose), so they are not compared. */
const NOT_AUDITED = new Set(['version', 'updatedAt', 'updatedBy', 'text']);

type State = Record<string, unknown>;

function comparable(record: object): State {
  const plain = JSON.parse(JSON.stringify(record)) as State;
  for (const k of NOT_AUDITED) delete plain[k];
  return plain;
}

function differingFields(expected: State, actual: State): string[] {
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...keys].filter((k) => canonicalJson(expected[k] ?? null) !== canonicalJson(actual[k] ?? null)).sort();
}

/** The state each entity id of `entity` must be in, from its audit events in order (null = deleted). */
async function* replay(db: Queryable, entity: string, pageSize = 5000): AsyncGenerator<[string, State | null]> {
  let afterId = '';
  let afterSeq = 0;
  let currentId: string | null = null;
  let state: State | null = null;
  for (;;) {
    const rows = await db
      .selectFrom('auditEvents')
      .select(['seq', 'entityId', 'action', 'new'])
      .where('entity', '=', entity)
      .where((eb) => eb.or([eb('entityId', '>', afterId), eb.and([eb('entityId', '=', afterId), eb('seq', '>', afterSeq)])]))
      .orderBy('entityId')
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const r of rows) {
      if (r.entityId !== currentId) {
        if (currentId !== null) yield [currentId, state];
        currentId = r.entityId;
        state = null;
      }
      const neu = fromJson<State | null>(r.new, null);
      if (r.action === 'create') state = comparable(neu ?? {});
      else if (r.action === 'delete') state = null;
      else state = { ...(state ?? {}), ...comparable(neu ?? {}) };
    }
    if (rows.length < pageSize) break;
    const last = rows[rows.length - 1]!;
    afterId = last.entityId;
    afterSeq = Number(last.seq);
  }
  if (currentId !== null) yield [currentId, state];
}

// A null field and one the log never mentions are alike (a column added later, such as a series' territory), as
// differingFields has it.
const digest = (s: State) => createHash('sha256').update(canonicalJson(Object.fromEntries(Object.entries(s).filter(([, v]) => v !== null)))).digest('hex');

/**
 * Compares the records of one entity with their replayed audit events. `records` yields [id, record]; the
 * replay's digests are held per id (a few dozen bytes each), the full replayed state only for the id in hand.
 */
async function checkEntity(db: Queryable, entity: string, records: AsyncIterable<[string, State]>, problems: RecordProblem[]): Promise<number> {
  const expected = new Map<string, string | null>();
  for await (const [id, state] of replay(db, entity)) expected.set(id, state === null ? null : digest(state));
  let checked = 0;
  for await (const [id, record] of records) {
    checked++;
    const want = expected.get(id);
    expected.delete(id);
    const actual = comparable(record);
    if (want === undefined || want === null) {
      problems.push({ entity, id, kind: 'unrecorded', fields: [] });
    } else if (want !== digest(actual)) {
      // Replay the one record again to name the fields that differ.
      let state: State | null = null;
      for await (const [rid, s] of replaySingle(db, entity, id)) if (rid === id) state = s;
      problems.push({ entity, id, kind: 'changed', fields: differingFields(state ?? {}, actual) });
    }
  }
  for (const [id, want] of expected) if (want !== null) problems.push({ entity, id, kind: 'missing', fields: [] });
  return checked;
}

async function* replaySingle(db: Queryable, entity: string, id: string): AsyncGenerator<[string, State | null]> {
  const rows = await db.selectFrom('auditEvents').select(['entityId', 'action', 'new']).where('entity', '=', entity).where('entityId', '=', id).orderBy('seq').execute();
  let state: State | null = null;
  for (const r of rows) {
    const neu = fromJson<State | null>(r.new, null);
    if (r.action === 'create') state = comparable(neu ?? {});
    else if (r.action === 'delete') state = null;
    else state = { ...(state ?? {}), ...comparable(neu ?? {}) };
  }
  yield [id, state];
}

async function* fromList<T extends { id: string }>(items: Promise<T[]>): AsyncGenerator<[string, State]> {
  for (const item of await items) yield [item.id, item as unknown as State];
}

async function* allIncidents(store: Store): AsyncGenerator<[string, State]> {
  let after: string | undefined;
  do {
    const page = await listIncidents(store.db, store.engine, { after, limit: 1000 });
    for (const i of page.incidents) yield [i.id, i as unknown as State];
    after = page.next ?? undefined;
  } while (after);
}

/** Every row of `table` by id, a page of 1,000 ids at a time, each page's records read together. */
async function* pagesOf<T>(db: Queryable, table: 'claims' | 'sourceDocuments', read: (ids: string[]) => Promise<Map<string, T>>): AsyncGenerator<[string, T]> {
  let after = '';
  for (;;) {
    const ids = (await db.selectFrom(table).select('id').where('id', '>', after).orderBy('id').limit(1000).execute()).map((r) => r.id);
    const records = await read(ids);
    for (const id of ids) {
      const record = records.get(id);
      if (record) yield [id, record];
    }
    if (ids.length < 1000) return;
    after = ids[ids.length - 1]!;
  }
}

async function* allClaims(db: Queryable): AsyncGenerator<[string, State]> {
  for await (const [id, c] of pagesOf(db, 'claims', (ids) => getClaims(db, ids))) yield [id, c as unknown as State];
}

/** Source documents: the metadata against the log, and the text against its own content hash. */
async function* allSourceDocuments(db: Queryable, problems: RecordProblem[]): AsyncGenerator<[string, State]> {
  for await (const [id, d] of pagesOf(db, 'sourceDocuments', (ids) => getSourceDocuments(db, ids))) {
    if (contentHash(d.text) !== d.contentHash) problems.push({ entity: 'source-document', id, kind: 'changed', fields: ['text'] });
    yield [id, d as unknown as State];
  }
}

async function* allSeriesPoints(db: Queryable): AsyncGenerator<[string, State]> {
  for (const s of await listSeries(db)) {
    for (const p of await listSeriesPoints(db, s.id)) yield [`${p.seriesId}@${p.date}`, p as unknown as State];
  }
}

/** The whole check: the audit chain, then every record of every audited entity against its replay. */
export async function checkIntegrity(store: Store): Promise<IntegrityReport> {
  const db = store.db;
  const checker = chainChecker();
  let check: ChainCheck | null = null;
  for await (const e of allAuditEvents(db)) if ((check = checker.add(e))) break;
  check ??= checker.end();
  const head = await auditHeadOf(db);
  let chain: IntegrityReport['chain'];
  if (!check.ok) chain = { ok: false, reason: `audit log broken at event ${check.brokenAt}: ${check.reason}` };
  else if (head.hash !== check.head || head.seq !== check.events) chain = { ok: false, reason: `audit log ends at event ${check.events} but its head says ${head.seq}: events were removed from the end` };
  else chain = { ok: true, events: check.events, head: check.head };

  const problems: RecordProblem[] = [];
  const checked: Record<string, number> = {};
  checked.actor = await checkEntity(db, 'actor', fromList(listActors(db)), problems);
  checked['source-document'] = await checkEntity(db, 'source-document', allSourceDocuments(db, problems), problems);
  checked.claim = await checkEntity(db, 'claim', allClaims(db), problems);
  checked.incident = await checkEntity(db, 'incident', allIncidents(store), problems);
  checked.series = await checkEntity(db, 'series', fromList(listSeries(db)), problems);
  checked['series-point'] = await checkEntity(db, 'series-point', allSeriesPoints(db), problems);
  return { chain, checked, problems };
}

export function describeProblem(p: RecordProblem): string {
  if (p.kind === 'changed') return `${p.entity} ${p.id}: changed outside Truce (${p.fields.join(', ')} differ from the audit log)`;
  if (p.kind === 'unrecorded') return `${p.entity} ${p.id}: present in the database but never recorded in the audit log`;
  return `${p.entity} ${p.id}: recorded in the audit log but missing from the database`;
}
