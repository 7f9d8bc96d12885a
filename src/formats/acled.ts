// ACLED CSV: the current 31-column layout and the pre-2023 one (event_id_no_cnty, data_id, iso3), both ways.
// Column meanings: ../shared/research/data-standards.md §1. ACLED codes one conservative fatality figure (the
// lowest reported) without a split by side: it is imported as the unknown-group figure and said so in the claim.
import type { ActorType, DatePrecision, GeoPrecision } from '../domain/acled.ts';
import { ACTOR_TYPES, disorderTypeOf, EVENT_TYPES, eventTypeOf, isEventType, isSubEventOf, parseActorType } from '../domain/acled.ts';
import type { Estimate, Toll } from '../domain/estimate.ts';
import { exactly, tollTotal } from '../domain/estimate.ts';
import type { Incident } from '../domain/incident.ts';
import type { ImportRow, IncidentRow } from './records.ts';
import { clip, coordinate, FieldProblem, parseDay, rowText, wholeNumber } from './records.ts';

export const ACLED_COLUMNS = [
  'event_id_cnty', 'event_date', 'year', 'time_precision', 'disorder_type', 'event_type', 'sub_event_type', 'actor1',
  'assoc_actor_1', 'inter1', 'actor2', 'assoc_actor_2', 'inter2', 'interaction', 'civilian_targeting', 'iso', 'region',
  'country', 'admin1', 'admin2', 'admin3', 'location', 'latitude', 'longitude', 'geo_precision', 'source',
  'source_scale', 'notes', 'fatalities', 'tags', 'timestamp',
] as const;

/** Truce's own columns, appended after ACLED's on export (and read back on import): the range ACLED has no room for. */
export const TRUCE_ACLED_EXTRAS = ['date_end', 'killed_low', 'killed_best', 'killed_high', 'injured_low', 'injured_best', 'injured_high'] as const;

/** Columns an ACLED file of either layout must have for Truce to build an incident from a row. */
export const ACLED_REQUIRED = ['event_id_cnty', 'event_date', 'event_type', 'sub_event_type', 'actor1', 'fatalities'] as const;

export const CONSERVATIVE_NOTE = "ACLED's fatality figure: the lowest reported (ACLED's conservative rule), not split by side";

/** `State forces-Civilians` from `17`, `Rebel group only` from `20`; text forms are kept (normalised in case). */
export function interactionLabel(raw: string): string {
  const s = raw.trim();
  const m = /^([1-8])([0-8])$/.exec(s);
  if (m) {
    const a = ACTOR_TYPES[Number(m[1]) - 1]!;
    return m[2] === '0' ? `${a} only` : `${a}-${ACTOR_TYPES[Number(m[2]) - 1]!}`;
  }
  return s;
}

function actorTypeLabel(column: string, raw: string): ActorType | '' {
  if (raw.trim() === '' || raw.trim() === '0') return '';
  const t = parseActorType(raw);
  if (!t) throw new FieldProblem(column, `"${clip(raw)}" is not an ACLED actor type: use 1–8 or one of ${ACTOR_TYPES.join(', ')}`);
  return t;
}

function precision(column: string, raw: string, max: number): number {
  const n = wholeNumber(column, raw, { blank: 1 });
  if (n < 1 || n > max) throw new FieldProblem(column, `"${raw}" is not a precision code 1–${max}`);
  return n;
}

export interface AcledLayout {
  header: string[];
  index: Map<string, number>;
  layout: 'current' | 'pre-2023';
}

export function acledLayout(header: string[], index: Map<string, number>): { ok: AcledLayout } | { missing: string[] } {
  const missing = ACLED_REQUIRED.filter((c) => !index.has(c));
  if (missing.length > 0) return { missing };
  return { ok: { header, index, layout: index.has('event_id_no_cnty') || index.has('iso3') ? 'pre-2023' : 'current' } };
}

/** One ACLED row → an incident row, or a rejection naming the column and what to write there. */
export function parseAcledRow(l: AcledLayout, values: string[], line: number, options: { source?: string } = {}): ImportRow {
  const get = (c: string) => {
    const i = l.index.get(c);
    return i === undefined ? '' : (values[i] ?? '').trim();
  };
  try {
    const id = get('event_id_cnty');
    if (!id) throw new FieldProblem('event_id_cnty', 'is empty: every ACLED row needs its event id');
    const date = parseDay(get('event_date'));
    if (!date) throw new FieldProblem('event_date', `"${clip(get('event_date'))}" is not a date: write 2025-10-19, 19 October 2025 or 19-Oct-25`);
    let dateEnd: string | null = null;
    if (get('date_end')) {
      dateEnd = parseDay(get('date_end'));
      if (!dateEnd || dateEnd < date) throw new FieldProblem('date_end', `"${clip(get('date_end'))}" is not a day on or after event_date`);
    }
    const eventType = get('event_type');
    const sub = get('sub_event_type');
    if (!isEventType(eventType)) {
      const guess = eventTypeOf(sub);
      throw new FieldProblem('event_type', `"${clip(eventType)}" is not an ACLED event type${guess ? ` (the sub-event type belongs to "${guess}")` : ''}: use one of ${Object.keys(EVENT_TYPES).join(', ')}`);
    }
    if (!isSubEventOf(eventType, sub)) throw new FieldProblem('sub_event_type', `"${clip(sub)}" is not a sub-event type of "${eventType}": use one of ${EVENT_TYPES[eventType].join(', ')}`);
    const datePrecision = precision('time_precision', get('time_precision'), 3) as DatePrecision;
    const geoPrecision = precision('geo_precision', get('geo_precision'), 3) as GeoPrecision;
    const lat = coordinate('latitude', get('latitude'), 90);
    const lon = coordinate('longitude', get('longitude'), 180);
    if ((lat === null) !== (lon === null)) throw new FieldProblem(lat === null ? 'latitude' : 'longitude', 'is empty while the other coordinate is given: give both or neither');
    actorTypeLabel('inter1', get('inter1'));
    actorTypeLabel('inter2', get('inter2'));
    const fatalities = wholeNumber('fatalities', get('fatalities'), { blank: 0 });
    // A Truce export says "no figure" with an empty killed_best; ACLED itself codes no information as 0.
    const killed: Toll = l.index.has('killed_best') && !get('killed_best') ? {} : { unknown: range('killed', get, exactly(fatalities)) };
    const injuredBest = get('injured_best');
    const injured: Toll = injuredBest ? { unknown: range('injured', get, exactly(wholeNumber('injured_best', injuredBest))) } : {};
    const place = get('location');
    const actor1 = get('actor1') || null;
    const actor2 = get('actor2') || null;
    const notes = get('notes') || null;
    const text = rowText(l.header, values);
    const evidence = evidenceSpan(text);
    const row: IncidentRow = {
      kind: 'incident',
      line,
      externalId: `acled:${id}`,
      document: { title: `ACLED event ${id}`, publisher: options.source ?? 'ACLED', url: null, publishedAt: unixTime(get('timestamp')), text },
      incident: {
        date,
        dateEnd,
        datePrecision,
        location: place || lat !== null ? { name: place || `${lat}, ${lon}`, admin1: get('admin1') || null, admin2: get('admin2') || null, lat, lon, precision: geoPrecision } : null,
        eventType,
        subEventType: sub,
        actor1,
        actor2,
        killed,
        injured,
        notes,
      },
      claim: {
        claimantName: options.source ?? 'ACLED',
        claimedAt: unixTime(get('timestamp')),
        evidence,
        body: { kind: 'incident', date, location: place || null, perpetrator: actor1, target: actor2, eventType, subEventType: sub, killed, injured, victims: CONSERVATIVE_NOTE },
      },
    };
    return row;
  } catch (err) {
    if (err instanceof FieldProblem) return { kind: 'rejected', line, column: err.column, reason: `${err.column} ${err.message}`, values };
    throw err;
  }
}

/**
 * The claim's evidence in the row's text: ACLED's notes, with the sources it names (and their scale) when the row
 * has them, as one span (the three columns are adjacent in both layouts).
 */
function evidenceSpan(text: string): { start: number; end: number; text: string } | null {
  let offset = 0;
  let start = -1;
  let end = -1;
  for (const line of text.split('\n')) {
    const key = line.slice(0, line.indexOf(': '));
    if (key === 'source' || key === 'source_scale' || key === 'notes') {
      const from = key === 'notes' && start < 0 ? offset + 7 : offset;
      if (start < 0) start = from;
      end = offset + line.length;
    }
    offset += line.length + 1;
  }
  return start < 0 || end <= start ? null : { start, end, text: text.slice(start, end) };
}

/** Truce's own low/best/high columns when the file has them (a Truce export), else the one ACLED figure. */
function range(what: 'killed' | 'injured', get: (c: string) => string, fallback: Estimate): Estimate {
  if (!get(`${what}_best`)) return fallback;
  const e = { low: wholeNumber(`${what}_low`, get(`${what}_low`) || get(`${what}_best`)), best: wholeNumber(`${what}_best`, get(`${what}_best`)), high: wholeNumber(`${what}_high`, get(`${what}_high`) || get(`${what}_best`)) };
  if (!(e.low <= e.best && e.best <= e.high)) throw new FieldProblem(`${what}_low`, `${e.low}/${e.best}/${e.high} must satisfy low ≤ best ≤ high`);
  return e;
}

function unixTime(raw: string): string | null {
  if (!/^\d{9,11}$/.test(raw)) return null;
  return new Date(Number(raw) * 1000).toISOString();
}

// ---- export -------------------------------------------------------------------------------------------------

/**
 * One incident as an ACLED row. `fields` are the dataset row it was imported from (public sources only), which
 * supply the columns Truce does not model (assoc actors, actor types, country, source, tags…); the incident's own
 * fields win, so an analyst's correction is what leaves.
 */
export function acledRow(i: Omit<Incident, 'createdBy' | 'updatedBy'>, externalId: string | null, fields: Map<string, string>): (string | number | null)[] {
  const f = (c: string) => fields.get(c) ?? '';
  const killed = tollTotal(i.killed);
  const injured = tollTotal(i.injured);
  const inter = (c: string) => (f(c) ? (parseActorType(f(c)) ?? '') : '');
  const id = externalId?.startsWith('acled:') ? externalId.slice(6) : externalId ? externalId.replace(':', '-') : i.id;
  const row: Record<string, string | number | null> = {
    event_id_cnty: id,
    event_date: i.date,
    year: i.date?.slice(0, 4) ?? null,
    time_precision: i.datePrecision,
    disorder_type: disorderTypeOf(i.eventType, i.subEventType as never),
    event_type: i.eventType,
    sub_event_type: i.subEventType,
    actor1: i.actor1,
    assoc_actor_1: f('assoc_actor_1'),
    inter1: inter('inter1'),
    actor2: i.actor2,
    assoc_actor_2: f('assoc_actor_2'),
    inter2: inter('inter2'),
    interaction: f('interaction') ? interactionLabel(f('interaction')) : '',
    civilian_targeting: f('civilian_targeting'),
    iso: f('iso'),
    region: f('region'),
    country: f('country'),
    admin1: i.location?.admin1 ?? null,
    admin2: i.location?.admin2 ?? null,
    admin3: f('admin3'),
    location: i.location?.name ?? null,
    latitude: i.location?.lat ?? null,
    longitude: i.location?.lon ?? null,
    geo_precision: i.location?.precision ?? null,
    source: f('source'),
    source_scale: f('source_scale'),
    notes: i.notes,
    fatalities: killed?.low ?? 0,
    tags: f('tags'),
    timestamp: f('timestamp'),
    date_end: i.dateEnd,
    killed_low: killed?.low ?? null,
    killed_best: killed?.best ?? null,
    killed_high: killed?.high ?? null,
    injured_low: injured?.low ?? null,
    injured_best: injured?.best ?? null,
    injured_high: injured?.high ?? null,
  };
  return [...ACLED_COLUMNS, ...TRUCE_ACLED_EXTRAS].map((c) => row[c] ?? null);
}
