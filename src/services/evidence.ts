// Every incident behind one evidence list of a compliance assessment (provision × party × verified, alleged,
// discounted or on the start day), page by page, newest first: the compliance report names only the latest of each
// list (domain/compliance.ts EVIDENCE_LIMIT) with its full count, and this reads the rest, in the same order.
//
// The store narrows the candidates (the agreement's incidents — filed under it, or unfiled inside its area from its
// signing on — of the list's statuses and grade, dated from the obligation's start, attributed to the party or a
// group it answers for, of an event type one of the provision's rules names or linked to it) and the engine decides
// the rest on them, incident by incident, by the same rules and input as the report (`evidenceClassifier`,
// `engineInput`): so the pages hold exactly the incidents the report counts.
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import { actorIdOf, findProvision } from '../domain/agreement.ts';
import { type EvidenceListName, evidenceClassifier, newestFirst } from '../domain/compliance.ts';
import { UserError, invalidInput } from '../domain/errors.ts';
import type { ProvisionLink } from '../domain/incident.ts';
import type { Store } from '../store/connect.ts';
import { compareLinks } from '../store/repositories/incidents.ts';
import { SORT_DAY, agreementAsOf, areaOf, areaTest, engineInput, leanIndex, normaliseAsOf } from './compliance.ts';

/** The lists as the API and the CLI name them. */
export const EVIDENCE_LIST_NAMES = { verified: 'verified', alleged: 'alleged', discounted: 'discounted', 'on-start-day': 'onStartDay' } as const satisfies Record<string, EvidenceListName>;
export type EvidenceListParam = keyof typeof EVIDENCE_LIST_NAMES;

export interface EvidenceQuery {
  provision: string;
  party: string;
  list: string;
  /** ISO date or date-time; absent: now */
  asOf?: string;
  /** the previous page's `next` */
  after?: string;
  limit?: number;
}

export interface EvidencePage {
  agreementId: string;
  provisionId: string;
  party: string;
  list: EvidenceListParam;
  asOf: string;
  /** when the obligation began (null: not yet, and every list is empty) */
  startsAt: string | null;
  /** newest first (date, then id, descending), as the report lists them */
  incidents: Array<{ id: string; date: string }>;
  /** cursor of the next page; null on the last */
  next: string | null;
}

export const EVIDENCE_PAGE_MAX = 1000;

const encodeCursor = (date: string, id: string) => Buffer.from(JSON.stringify([date, id])).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // not ours
  }
  throw invalidInput('the page cursor is not one Truce gave out; start again from the first page', 'after');
}

/** One page of the incidents an evidence list of agreement `agreementId`'s compliance counts. */
export async function evidencePage(store: Store, agreementId: string, q: EvidenceQuery): Promise<EvidencePage> {
  const limit = q.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > EVIDENCE_PAGE_MAX) throw invalidInput(`limit must be a whole number from 1 to ${EVIDENCE_PAGE_MAX}, not ${q.limit}`, 'limit');
  if (!(q.list in EVIDENCE_LIST_NAMES)) throw invalidInput(`list "${q.list}" is not one of ${Object.keys(EVIDENCE_LIST_NAMES).join(', ')}`, 'list');
  const listParam = q.list as EvidenceListParam;
  const list = EVIDENCE_LIST_NAMES[listParam];
  const at = normaliseAsOf(q.asOf ?? new Date().toISOString());
  const { agreement } = await agreementAsOf(store, agreementId, at);
  const provision = findProvision(agreement, q.provision);
  if (!provision) throw new UserError('not-found', `${agreementId} has no provision "${q.provision}"; its provisions are ${agreement.provisions.map((p) => p.id).join(', ')}`, { field: 'provision' });
  if (!provision.obligated.includes(q.party)) throw invalidInput(`provision ${provision.id} obliges ${provision.obligated.join(' and ')}, not "${q.party}"`, 'party');
  const classifier = evidenceClassifier({ agreement, asOf: at }, provision.id, q.party);
  const page: EvidencePage = { agreementId, provisionId: provision.id, party: q.party, list: listParam, asOf: at, startsAt: classifier.startsAt, incidents: [], next: null };
  if (classifier.startsAt === null) return page;
  const startDay = classifier.startsAt.slice(0, 10);
  const day = at.slice(0, 10);
  // On the start day only when the obligation began after midnight (domain/compliance.ts breachMatcher).
  if (list === 'onStartDay' && classifier.startsAt.slice(10) === 'T00:00:00.000Z') return page;

  const plain = store.db.withoutPlugins() as unknown as Kysely<any>;
  const ruleTypes = [...new Set((provision.breachedBy ?? []).map((r) => r.eventType))];
  // Whoever's acts count: actor names as written that the agreement resolves to the party or a group it answers for
  // (every name held, read by skipping through the actor index), or a provision link naming one of them.
  const names: string[] = [];
  const distinct = await sql<{ v: string | null }>`with recursive a(v) as (select min(actor1) from incidents union all select (select min(actor1) from incidents where actor1 > a.v) from a where a.v is not null) select v from a where v is not null`.execute(plain);
  for (const { v } of distinct.rows) if (v !== null && classifier.perpetrators.includes(actorIdOf(agreement, v) ?? '\u0000')) names.push(v);
  // Probed per candidate through the links' primary key (incident, agreement, provision): a page reads a few hundred
  // candidates, while `IN (subquery)` first gathered every link of the agreement (~0.1 s at a million incidents).
  // PostgreSQL plans an EXISTS under OR as a hash of every matching link, built before the first row (all 138k of the
  // party's links at a million: 50-200 ms a query), since it expects the whole range to be read, not a page; a scalar
  // subquery (the first link, or null) is never hashed, so there each candidate is probed by its key. A link that is
  // the only way in stays EXISTS: PostgreSQL then starts from the links (a provision nobody is linked to: 1 ms, where
  // probing every incident of the agreement took 5 s).
  const links = (eb: ExpressionBuilder<any, any>) => eb.selectFrom('incident_provisions as ip').select(sql.lit(1).as('one')).whereRef('ip.incident_id', '=', 'i.id').where('ip.agreement_id', '=', agreement.id);
  const eitherOr = (eb: ExpressionBuilder<any, any>, alternative: Expression<SqlBool> | null, link: ReturnType<typeof links>) =>
    alternative === null ? eb.exists(link) : eb.or([alternative, store.engine === 'postgres' ? eb(link.limit(1), 'is not', null) : eb.exists(link)]);
  const candidate = (eb: ExpressionBuilder<any, any>) =>
    eb.and([
      eb('i.status', 'in', list === 'verified' ? ['verified', 'published'] : list === 'alleged' ? ['draft', 'in-review'] : ['draft', 'in-review', 'verified', 'published']),
      list === 'discounted' ? eb('i.grade', '=', 'discounted') : list === 'onStartDay' ? eb('i.date', '=', startDay) : eb.or([eb('i.grade', 'is', null), eb('i.grade', '!=', 'discounted')]),
      // The sort key bounded too, so the walk through the index starts and stops at these days.
      eb('i.date', '>=', startDay),
      eb(SORT_DAY, '>=', startDay),
      eb('i.date', '<=', list === 'onStartDay' ? startDay : day),
      eb(SORT_DAY, '<=', list === 'onStartDay' ? startDay : day),
      eitherOr(eb, ruleTypes.length ? eb('i.event_type', 'in', ruleTypes) : null, links(eb).where('ip.provision_id', '=', provision.id)),
      eitherOr(eb, names.length ? eb('i.actor1', 'in', names) : null, links(eb).where('ip.party_id', 'in', classifier.perpetrators)),
    ]);
  const area = areaOf(agreement);
  const inArea = areaTest(agreement);
  const signed = agreement.signedAt.slice(0, 10);
  const arms: Array<(eb: ExpressionBuilder<any, any>) => ReturnType<ExpressionBuilder<any, any>['and']>> = [(eb) => eb('i.agreement_id', '=', agreement.id)];
  if (area && inArea && signed <= day) {
    const [w, s, e, n] = area.box;
    arms.push((eb) => eb.and([eb('i.agreement_id', 'is', null), eb('i.date', '>=', signed), eb('i.lon', '>=', w), eb('i.lon', '<=', e), eb('i.lat', '>=', s), eb('i.lat', '<=', n)]));
  }
  const toInput = engineInput(agreement, at);
  const batch = Math.max(2 * limit, 200);
  const after = q.after ? decodeCursor(q.after) : null;

  interface Row { id: string; date: string; status: string; grade: string | null; actor1: string | null; event_type: string; sub_event_type: string; killed_best: number | null; lat: number | null; lon: number | null; unfiled: boolean }
  /** Candidates of one arm, newest first, a batch at a time from a cursor. */
  const reader = (arm: (typeof arms)[number], unfiled: boolean) => {
    let from = after;
    let done = false;
    let held: Row[] = [];
    return async (): Promise<Row | null> => {
      while (held.length === 0 && !done) {
        let query = plain
          .selectFrom(leanIndex(store))
          .select(['i.id', 'i.date', 'i.status', 'i.grade', 'i.actor1', 'i.event_type', 'i.sub_event_type', 'i.killed_best', 'i.lat', 'i.lon'])
          .where(arm)
          .where(candidate);
        if (from) query = query.where(SORT_DAY, '<=', from[0]).where(sql<boolean>`(${SORT_DAY}, i.id) < (${from[0]}, ${from[1]})`);
        // PostgreSQL takes `agreement_id IS NULL` as an index bound but not as one value of the order, so for the
        // unfiled arm it walked the whole (date, id) index and read every incident's row to filter it (0.7-2.4 s at a
        // million); ordered by agreement_id first, as the lean index is (all null here, one value in the filed arm),
        // it walks the unfiled part of the lean index alone, from the index.
        if (store.engine === 'postgres') query = query.orderBy(sql`i.agreement_id desc nulls first`);
        const rows = (await query.orderBy(SORT_DAY, 'desc').orderBy('i.id', 'desc').limit(batch).execute()) as Row[];
        done = rows.length < batch;
        const last = rows[rows.length - 1];
        if (last) from = [last.date, last.id];
        held = rows.filter((r) => !unfiled || (r.lat !== null && r.lon !== null && inArea!({ lon: Number(r.lon), lat: Number(r.lat) }))).map((r) => ({ ...r, unfiled }));
      }
      return held.shift() ?? null;
    };
  };
  const readers = arms.map((arm, k) => reader(arm, k === 1));
  const heads = await Promise.all(readers.map((r) => r()));
  // The arms merged newest first; each candidate judged by the engine with its links to the agreement.
  const found: Row[] = [];
  const pending: Row[] = [];
  const judge = async () => {
    if (pending.length === 0) return;
    const byIncident = new Map<string, ProvisionLink[]>();
    for (let k = 0; k < pending.length; k += 500) {
      const rows = await store.db.selectFrom('incidentProvisions').select(['incidentId', 'agreementId', 'provisionId', 'partyId']).where('agreementId', '=', agreement.id).where('incidentId', 'in', pending.slice(k, k + 500).map((r) => r.id)).execute();
      for (const l of rows) byIncident.set(l.incidentId, [...(byIncident.get(l.incidentId) ?? []), l]);
    }
    for (const r of pending) {
      const provisions = (byIncident.get(r.id) ?? []).sort(compareLinks);
      const point = r.lat !== null && r.lon !== null ? { lon: Number(r.lon), lat: Number(r.lat) } : null;
      const c = toInput({ id: r.id, date: r.date, status: r.status as never, grade: r.grade as never, actor1: r.actor1, eventType: r.event_type, subEventType: r.sub_event_type, killedBest: r.killed_best === null ? null : Number(r.killed_best), provisions, point });
      if (c && classifier.listOf(c) === list) found.push(r);
    }
    pending.length = 0;
  };
  while (found.length <= limit) {
    let k = -1;
    for (let j = 0; j < heads.length; j++) if (heads[j] && (k < 0 || newestFirst(heads[j]!, heads[k]!) < 0)) k = j;
    if (k < 0) break;
    pending.push(heads[k]!);
    heads[k] = await readers[k]!();
    if (pending.length >= batch) await judge();
  }
  await judge();
  page.incidents = found.slice(0, limit).map((r) => ({ id: r.id, date: r.date }));
  const last = page.incidents[page.incidents.length - 1];
  if (found.length > limit && last) page.next = encodeCursor(last.date, last.id);
  return page;
}
