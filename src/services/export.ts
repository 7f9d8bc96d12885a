// Exporting incidents in the formats of the field: ACLED CSV (Truce's range columns appended), UCDP GED CSV,
// HXL-tagged CSV, GeoJSON points, JSON Lines of full records, and a flat CSV. Whoever runs it, an export never
// carries a protected source's identity: columns drawn from source rows come from public sources only, claims
// from protected sources are left out, and notes behind a protected source are withheld (as releases do).
// Output is streamed day by day, in date order and, within a day, by the exported event id, so two databases
// holding the same records write the same bytes.
import { ACLED_COLUMNS, acledRow, TRUCE_ACLED_EXTRAS } from '../formats/acled.ts';
import { csvLine } from '../formats/csv.ts';
import { ACLED_HXL } from '../formats/hxl.ts';
import { rowFields } from '../formats/records.ts';
import { UCDP_COLUMNS, ucdpRow } from '../formats/ucdp.ts';
import { invalidInput } from '../domain/errors.ts';
import type { Claim, ClaimBody } from '../domain/claim.ts';
import type { Incident } from '../domain/incident.ts';
import { isIsoDate } from '../domain/incident.ts';
import { tollTotal } from '../domain/estimate.ts';
import { WORKFLOW_STATUSES, type WorkflowStatus } from '../domain/grade.ts';
import { sql } from 'kysely';
import type { Store } from '../store/connect.ts';
import { fromJson } from '../store/json.ts';
import { getAgreement } from '../store/repositories/agreements.ts';
import { getIncidents } from '../store/repositories/incidents.ts';
import { latestRelease, presentIncident, type PublicIncident } from './releases.ts';

export const EXPORT_FORMATS = ['acled', 'ucdp', 'hxl', 'geojson', 'jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  agreementId?: string;
  from?: string;
  to?: string;
  /** Default: every status but rejected and merged. */
  status?: WorkflowStatus[];
}

export interface ExportSummary {
  format: ExportFormat;
  incidents: number;
  /** GeoJSON: incidents left out for want of coordinates. */
  withoutCoordinates: number;
  /** Claims from protected sources left out of JSON Lines records. */
  withheldClaims: number;
}

/** What the export knows of one incident beyond its own fields. */
interface Gathered {
  incident: PublicIncident;
  externalId: string | null;
  /** Columns of the latest public dataset row it was imported from. */
  fields: Map<string, string>;
  claims: Claim[];
  sources: { id: string; kind: string; title: string | null; publisher: string | null; url: string | null; publishedAt: string | null }[];
  withheld: number;
}

export function checkExportOptions(o: ExportOptions): void {
  for (const k of ['from', 'to'] as const) {
    const v = o[k];
    if (v !== undefined && !isIsoDate(v)) throw invalidInput(`${k} "${v}" is not a day: write YYYY-MM-DD`, k);
  }
  if (o.from && o.to && o.from > o.to) throw invalidInput(`from ${o.from} is after to ${o.to}`, 'from');
  for (const s of o.status ?? []) if (!(WORKFLOW_STATUSES as readonly string[]).includes(s)) throw invalidInput(`status "${s}" is not one of ${WORKFLOW_STATUSES.join(', ')}`, 'status');
}

/** The internal record (staff, the CLI): every status asked for, with the columns of the rows imported. */
export async function exportIncidents(store: Store, format: ExportFormat, options: ExportOptions, write: (chunk: string) => Promise<void> | void): Promise<ExportSummary> {
  checkExportOptions(options);
  if (options.agreementId && !(await getAgreement(store.db, options.agreementId))) throw invalidInput(`no agreement "${options.agreementId}" is held; check the id (truce agreement list)`, 'agreement');
  return writeExport(format, (async function* () {
    for await (const day of incidentsByDay(store, options)) yield await gather(store, day);
  })(), write);
}

/**
 * What the public may take away: the latest release's incidents (built with protected sources and fields already
 * removed), filtered like the internal export. Before the first release it is empty.
 */
export async function exportReleased(store: Store, format: ExportFormat, options: ExportOptions, write: (chunk: string) => Promise<void> | void): Promise<ExportSummary & { release: number | null }> {
  checkExportOptions(options);
  const latest = await latestRelease(store.db);
  const incidents = (latest?.snapshot.incidents ?? []).filter(
    (i) => (!options.agreementId || i.agreementId === options.agreementId) && (!options.from || (i.date !== null && i.date >= options.from)) && (!options.to || (i.date !== null && i.date <= options.to)) && (!options.status?.length || options.status.includes(i.status)),
  );
  const byDay = new Map<string, Gathered[]>();
  for (const i of incidents) {
    const d = i.date ?? '9999-99-99';
    const list = byDay.get(d) ?? [];
    list.push({ incident: i, externalId: null, fields: new Map(), claims: [], sources: [], withheld: 0 });
    byDay.set(d, list);
  }
  const days = [...byDay.keys()].sort().map((d) => byDay.get(d)!);
  const summary = await writeExport(format, (async function* () {
    yield* days;
  })(), write);
  return { ...summary, release: latest?.release.number ?? null };
}

async function writeExport(format: ExportFormat, days: AsyncIterable<Gathered[]>, write: (chunk: string) => Promise<void> | void): Promise<ExportSummary> {
  const summary: ExportSummary = { format, incidents: 0, withoutCoordinates: 0, withheldClaims: 0 };
  const acledHeader = [...ACLED_COLUMNS, ...TRUCE_ACLED_EXTRAS] as string[];
  if (format === 'acled' || format === 'hxl') {
    await write(csvLine(acledHeader));
    if (format === 'hxl') await write(csvLine(acledHeader.map((c) => ACLED_HXL[c] ?? '')));
  } else if (format === 'ucdp') await write(csvLine([...UCDP_COLUMNS]));
  else if (format === 'csv') await write(csvLine(FLAT_COLUMNS));
  else if (format === 'geojson') await write('{"type":"FeatureCollection","features":[');

  let firstFeature = true;
  const emit = async (g: Gathered) => {
    const i = g.incident;
    summary.incidents++;
    summary.withheldClaims += g.withheld;
    if (format === 'acled' || format === 'hxl') await write(csvLine(acledRow(i, g.externalId, g.fields)));
    else if (format === 'ucdp') await write(csvLine(ucdpRow(i, g.externalId, g.fields)));
    else if (format === 'csv') await write(csvLine(flatRow(g)));
    else if (format === 'jsonl') await write(`${JSON.stringify({ ...i, externalId: g.externalId, claims: g.claims, sources: g.sources })}\n`);
    else {
      if (i.location?.lat === null || i.location?.lat === undefined || i.location.lon === null) {
        summary.incidents--;
        summary.withoutCoordinates++;
        return;
      }
      const values = acledRow(i, g.externalId, g.fields);
      const properties: Record<string, string | number | null> = {};
      acledHeader.forEach((c, k) => {
        if (c !== 'latitude' && c !== 'longitude') properties[c] = values[k] ?? null;
      });
      properties.truce_status = i.status;
      properties.truce_grade = i.grade;
      await write(`${firstFeature ? '\n' : ',\n'}${JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [i.location.lon, i.location.lat] }, properties })}`);
      firstFeature = false;
    }
  };

  const key = (g: Gathered) => exportedId(format, g);
  for await (const gathered of days) {
    gathered.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    for (const g of gathered) await emit(g);
  }
  if (format === 'geojson') await write('\n]}\n');
  return summary;
}

function exportedId(format: ExportFormat, g: Gathered): string {
  const ext = g.externalId;
  if (format === 'jsonl' || format === 'csv') return ext ?? g.incident.id;
  const own = format === 'ucdp' ? 'ucdp:' : 'acled:';
  return ext?.startsWith(own) ? ext.slice(own.length) : ext ? ext.replace(':', '-') : g.incident.id;
}

/** The incident list's sort key (see repositories/incidents.ts), written as migration 0004's index holds it. */
const SORT_DAY = sql<string>`coalesce(date, '')`;

/**
 * Incident ids one day at a time, oldest day first (undated incidents last), keyset-paged so memory stays flat.
 * Dated incidents are walked in the list's order, (coalesce(date, ''), id), from where the last page ended — along
 * migration 0004's order index, or 0006's covering index for one agreement — then the undated ones by id (the
 * empty key of the same index): sorting every matching incident for each page of 1,000 made a million-incident
 * export read and sort the whole table a thousand times (SQLite: 0.97 s per page at 1M, 0.03 s walking the index).
 * The sort key is written literally (SORT_DAY), as the expression indexes hold it; for a dated incident it is
 * its date, so the order is the date's.
 */
async function* incidentsByDay(store: Store, o: ExportOptions): AsyncGenerator<{ id: string; externalId: string | null }[]> {
  const statuses = o.status && o.status.length > 0 ? o.status : WORKFLOW_STATUSES.filter((s) => s !== 'rejected' && s !== 'merged');
  const matching = () => {
    let q = store.db.selectFrom('incidents').select(['id', 'externalId', 'date']).where('status', 'in', statuses);
    if (o.agreementId) q = q.where('agreementId', '=', o.agreementId);
    return q;
  };
  let day: { id: string; externalId: string | null }[] = [];
  let dayKey: string | null = null;
  const take = function* (rows: Array<{ id: string; externalId: string | null; date: string | null }>) {
    for (const r of rows) {
      const d = r.date ?? 'undated';
      if (dayKey !== null && d !== dayKey) {
        yield day;
        day = [];
      }
      dayKey = d;
      day.push({ id: r.id, externalId: r.externalId });
    }
  };
  let after: { date: string; id: string } | null = null;
  for (;;) {
    // One lower bound on the sort key, where the walk starts: the last page's day (SQLite does not start an
    // expression index's walk at a row value; the row value then drops that day's incidents already sent), else
    // the period's first day, else the first dated incident.
    const from: string | undefined = after?.date ?? o.from;
    let q = matching();
    q = from ? q.where(SORT_DAY, '>=', from) : q.where(SORT_DAY, '>', '');
    if (o.to) q = q.where(SORT_DAY, '<=', o.to);
    if (after) {
      const a = after;
      q = q.where(sql<boolean>`(${SORT_DAY}, id) > (${a.date}, ${a.id})`);
    }
    const rows = await q.orderBy(SORT_DAY, 'asc').orderBy('id', 'asc').limit(1000).execute();
    yield* take(rows);
    if (rows.length < 1000) break;
    const last = rows[rows.length - 1]!;
    after = { date: last.date!, id: last.id };
  }
  // Undated incidents cannot fall inside a day range; without one they come last.
  if (!o.from && !o.to) {
    let afterId: string | null = null;
    for (;;) {
      let q = matching().where(SORT_DAY, '=', '');
      if (afterId !== null) q = q.where('id', '>', afterId);
      const rows = await q.orderBy('id', 'asc').limit(1000).execute();
      yield* take(rows);
      if (rows.length < 1000) break;
      afterId = rows[rows.length - 1]!.id;
    }
  }
  if (day.length > 0) yield day;
}

async function gather(store: Store, refs: { id: string; externalId: string | null }[]): Promise<Gathered[]> {
  const out: Gathered[] = [];
  for (let k = 0; k < refs.length; k += 500) {
    const chunk = refs.slice(k, k + 500);
    const ids = chunk.map((r) => r.id);
    const rows = await store.db
      .selectFrom('claims')
      .innerJoin('sourceDocuments as d', 'd.id', 'claims.sourceDocumentId')
      .select(['claims.id as claimId', 'claims.incidentId', 'claims.createdAt', 'claims.kind', 'claims.claimantId', 'claims.claimantName', 'claims.claimedAt', 'claims.status', 'claims.body', 'claims.evidenceStart', 'claims.evidenceEnd', 'claims.evidenceText', 'claims.version', 'claims.sourceDocumentId', 'd.kind as docKind', 'd.sensitivity', 'd.title', 'd.publisher', 'd.url', 'd.publishedAt'])
      // A document's text only where its columns are read (a dataset row's); an article's whole text is not needed.
      .select((eb) => eb.case().when('d.kind', '=', 'dataset-row').then(eb.ref('d.text')).else(null).end().as('text'))
      .where('claims.incidentId', 'in', ids)
      .orderBy('claims.createdAt')
      .orderBy('claims.id')
      .execute();
    const byIncident = new Map<string, typeof rows>();
    for (const r of rows) {
      const list = byIncident.get(r.incidentId!) ?? [];
      list.push(r);
      byIncident.set(r.incidentId!, list);
    }
    const incidents = await getIncidents(store.db, ids);
    for (const ref of chunk) {
      const incident = incidents.get(ref.id);
      if (!incident) continue;
      const claims = byIncident.get(ref.id) ?? [];
      const open = claims.filter((c) => c.sensitivity === 'public');
      const protectedBehind = open.length < claims.length;
      const lastRow = [...open].reverse().find((c) => c.docKind === 'dataset-row');
      const sources = new Map<string, Gathered['sources'][number]>();
      for (const c of open) sources.set(c.sourceDocumentId, { id: c.sourceDocumentId, kind: c.docKind, title: c.title, publisher: c.publisher, url: c.url, publishedAt: c.publishedAt });
      out.push({
        incident: presentIncident(incident as Incident, protectedBehind),
        externalId: ref.externalId,
        fields: lastRow?.text ? rowFields(lastRow.text) : new Map(),
        claims: open.map((c) => ({
          id: c.claimId,
          kind: c.kind as Claim['kind'],
          sourceDocumentId: c.sourceDocumentId,
          claimantId: c.claimantId,
          claimantName: c.claimantName,
          claimedAt: c.claimedAt,
          evidence: c.evidenceStart === null || c.evidenceEnd === null ? null : { start: Number(c.evidenceStart), end: Number(c.evidenceEnd), text: c.evidenceText ?? '' },
          incidentId: c.incidentId,
          status: c.status as Claim['status'],
          body: fromJson<ClaimBody>(c.body, { kind: 'position', speaker: '', issue: '', stance: '' }),
          version: Number(c.version),
        })),
        sources: [...sources.values()],
        withheld: claims.length - open.length,
      });
    }
  }
  return out;
}

const FLAT_COLUMNS = [
  'id', 'external_id', 'agreement_id', 'status', 'grade', 'date', 'date_end', 'date_precision', 'location', 'admin1', 'admin2', 'latitude', 'longitude', 'geo_precision',
  'event_type', 'sub_event_type', 'actor1', 'actor2', 'killed_low', 'killed_best', 'killed_high', 'injured_low', 'injured_best', 'injured_high',
  'killed_civilians_best', 'killed_side_a_best', 'killed_side_b_best', 'killed_unknown_best', 'provisions', 'notes', 'sources',
];

function flatRow(g: Gathered): (string | number | null)[] {
  const i = g.incident;
  const k = tollTotal(i.killed);
  const inj = tollTotal(i.injured);
  return [
    i.id, g.externalId, i.agreementId, i.status, i.grade, i.date, i.dateEnd, i.datePrecision, i.location?.name ?? null, i.location?.admin1 ?? null, i.location?.admin2 ?? null, i.location?.lat ?? null, i.location?.lon ?? null, i.location?.precision ?? null,
    i.eventType, i.subEventType, i.actor1, i.actor2, k?.low ?? null, k?.best ?? null, k?.high ?? null, inj?.low ?? null, inj?.best ?? null, inj?.high ?? null,
    i.killed.civilians?.best ?? null, i.killed.sideA?.best ?? null, i.killed.sideB?.best ?? null, i.killed.unknown?.best ?? null,
    i.provisions.map((p) => `${p.agreementId}/${p.provisionId}${p.partyId ? `@${p.partyId}` : ''}`).join('; '), i.notes,
    g.sources.map((s) => [s.publisher, s.title].filter(Boolean).join(': ')).join('; '),
  ];
}
