// UCDP GED CSV (the standard 49-column layout), both ways. UCDP keeps low/best/high totals and best deaths by side;
// Truce keeps a {low, best, high} per victim group, so the sides land in their groups and the total range is
// carried on the unknown group (never below zero), making the totals equal UCDP's low, best and high.
// Meanings: ../shared/research/data-standards.md §2.
import type { DatePrecision, GeoPrecision } from '../domain/acled.ts';
import type { Estimate, Toll, VictimGroup } from '../domain/estimate.ts';
import { tollTotal } from '../domain/estimate.ts';
import type { Incident } from '../domain/incident.ts';
import type { ImportRow } from './records.ts';
import { clip, coordinate, FieldProblem, parseDay, rowText, wholeNumber } from './records.ts';

export const UCDP_COLUMNS = [
  'id', 'relid', 'year', 'active_year', 'code_status', 'type_of_violence', 'conflict_dset_id', 'conflict_new_id',
  'conflict_name', 'dyad_dset_id', 'dyad_new_id', 'dyad_name', 'side_a_dset_id', 'side_a_new_id', 'side_a',
  'side_b_dset_id', 'side_b_new_id', 'side_b', 'number_of_sources', 'source_article', 'source_office', 'source_date',
  'source_headline', 'source_original', 'where_prec', 'where_coordinates', 'where_description', 'adm_1', 'adm_2',
  'latitude', 'longitude', 'geom_wkt', 'priogrid_gid', 'country', 'country_id', 'region', 'event_clarity', 'date_prec',
  'date_start', 'date_end', 'deaths_a', 'deaths_b', 'deaths_civilians', 'deaths_unknown', 'best', 'high', 'low',
  'gwnoa', 'gwnob',
] as const;

export const UCDP_REQUIRED = ['id', 'type_of_violence', 'side_a', 'side_b', 'date_start', 'best'] as const;

/** UCDP's 1–5 date precision in ACLED's 1–3 (day, week, month or coarser); the original stays in the row text. */
const DATE_PREC: Record<number, DatePrecision> = { 1: 1, 2: 2, 3: 2, 4: 3, 5: 3 };
/** UCDP's 1–7 place precision in ACLED's 1–3. */
const WHERE_PREC: Record<number, GeoPrecision> = { 1: 1, 2: 2, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3 };

export function parseUcdpRow(header: string[], index: Map<string, number>, values: string[], line: number): ImportRow {
  const get = (c: string) => {
    const i = index.get(c);
    return i === undefined ? '' : (values[i] ?? '').trim();
  };
  try {
    const id = get('id');
    if (!/^\d+$/.test(id)) throw new FieldProblem('id', `"${clip(id)}" is not a UCDP event id (a number)`);
    const date = parseDay(get('date_start'));
    if (!date) throw new FieldProblem('date_start', `"${clip(get('date_start'))}" is not a date (YYYY-MM-DD)`);
    const end = get('date_end') ? parseDay(get('date_end')) : date;
    if (!end || end < date) throw new FieldProblem('date_end', `"${clip(get('date_end'))}" is not a day on or after date_start`);
    const tov = get('type_of_violence');
    if (!/^[123]$/.test(tov)) throw new FieldProblem('type_of_violence', `"${clip(tov)}" is not 1 (state-based), 2 (non-state) or 3 (one-sided)`);
    const dp = wholeNumber('date_prec', get('date_prec'), { blank: 1 });
    if (!DATE_PREC[dp]) throw new FieldProblem('date_prec', `"${dp}" is not a UCDP date precision 1–5`);
    const wp = wholeNumber('where_prec', get('where_prec'), { blank: 1 });
    if (!WHERE_PREC[wp]) throw new FieldProblem('where_prec', `"${wp}" is not a UCDP place precision 1–7`);
    const lat = coordinate('latitude', get('latitude'), 90);
    const lon = coordinate('longitude', get('longitude'), 180);
    const sides: [VictimGroup, string][] = [['sideA', 'deaths_a'], ['sideB', 'deaths_b'], ['civilians', 'deaths_civilians'], ['unknown', 'deaths_unknown']];
    const by = Object.fromEntries(sides.map(([g, c]) => [g, wholeNumber(c, get(c), { blank: 0 })])) as Record<VictimGroup, number>;
    const best = wholeNumber('best', get('best'));
    const low = wholeNumber('low', get('low'), { blank: best });
    const high = wholeNumber('high', get('high'), { blank: best });
    if (!(low <= best && best <= high)) throw new FieldProblem('low', `low ${low}, best ${best}, high ${high} must satisfy low ≤ best ≤ high`);
    const sum = by.sideA + by.sideB + by.civilians + by.unknown;
    if (sum > best) throw new FieldProblem('best', `${best} is below the sum of deaths by side (${sum}): correct best or the deaths_* columns`);
    const killed = ucdpToll(by, low, best, high);
    const oneSided = tov === '3';
    const place = get('where_coordinates') || get('where_description');
    const notes = get('source_headline') || null;
    const text = rowText(header, values);
    return {
      kind: 'incident',
      line,
      externalId: `ucdp:${id}`,
      document: { title: `UCDP GED event ${id}`, publisher: 'UCDP', url: null, publishedAt: null, text },
      incident: {
        date,
        dateEnd: end === date ? null : end,
        datePrecision: DATE_PREC[dp]!,
        location: place || lat !== null ? { name: place || `${lat}, ${lon}`, admin1: get('adm_1') || null, admin2: get('adm_2') || null, lat, lon, precision: WHERE_PREC[wp]! } : null,
        eventType: oneSided ? 'Violence against civilians' : 'Battles',
        subEventType: oneSided ? 'Attack' : 'Armed clash',
        actor1: get('side_a') || null,
        actor2: get('side_b') || null,
        killed,
        injured: {},
        notes,
      },
      claim: {
        claimantName: 'UCDP',
        claimedAt: null,
        evidence: null,
        body: { kind: 'incident', date, location: place || null, perpetrator: get('side_a') || null, target: get('side_b') || null, eventType: null, subEventType: null, killed, injured: {}, victims: `UCDP GED: low ${low}, best ${best}, high ${high}; best deaths by side A ${by.sideA}, side B ${by.sideB}, civilians ${by.civilians}, unknown ${by.unknown}` },
      },
    };
  } catch (err) {
    if (err instanceof FieldProblem) return { kind: 'rejected', line, column: err.column, reason: `${err.column} ${err.message}`, values };
    throw err;
  }
}

/** Deaths by side as UCDP's best; the gap to best, low and high on the unknown group, then taken from the others. */
export function ucdpToll(by: Record<VictimGroup, number>, low: number, best: number, high: number): Toll {
  const groups: Record<VictimGroup, Estimate> = {
    sideA: { low: by.sideA, best: by.sideA, high: by.sideA },
    sideB: { low: by.sideB, best: by.sideB, high: by.sideB },
    civilians: { low: by.civilians, best: by.civilians, high: by.civilians },
    unknown: { low: by.unknown, best: by.unknown, high: by.unknown },
  };
  const extra = best - (by.sideA + by.sideB + by.civilians + by.unknown);
  groups.unknown.best += extra;
  groups.unknown.low += extra;
  groups.unknown.high += extra + (high - best);
  let lower = best - low;
  for (const g of ['unknown', 'civilians', 'sideB', 'sideA'] as const) {
    const take = Math.min(lower, groups[g].low);
    groups[g].low -= take;
    lower -= take;
  }
  const out: Toll = {};
  for (const g of ['sideA', 'sideB', 'civilians', 'unknown'] as const) if (groups[g].high > 0 || g === 'unknown') out[g] = groups[g];
  return out;
}

/** One incident as a UCDP GED row; columns Truce does not model come from the row it was imported from. */
export function ucdpRow(i: Omit<Incident, 'createdBy' | 'updatedBy'>, externalId: string | null, fields: Map<string, string>): (string | number | null)[] {
  const f = (c: string) => fields.get(c) ?? '';
  const total = tollTotal(i.killed);
  const best = (g: VictimGroup) => i.killed[g]?.best ?? 0;
  const sideBest = best('sideA') + best('sideB') + best('civilians');
  const row: Record<string, string | number | null> = Object.fromEntries(UCDP_COLUMNS.map((c) => [c, f(c)]));
  Object.assign(row, {
    id: externalId?.startsWith('ucdp:') ? externalId.slice(5) : externalId ? externalId.replace(':', '-') : i.id,
    year: i.date?.slice(0, 4) ?? null,
    type_of_violence: f('type_of_violence') || (i.eventType === 'Violence against civilians' ? '3' : '1'),
    side_a: i.actor1,
    side_b: i.actor2,
    source_headline: i.notes,
    where_prec: f('where_prec') || (i.location?.precision ?? null),
    where_coordinates: i.location?.name ?? null,
    adm_1: i.location?.admin1 ?? null,
    adm_2: i.location?.admin2 ?? null,
    latitude: i.location?.lat ?? null,
    longitude: i.location?.lon ?? null,
    date_prec: f('date_prec') || i.datePrecision,
    date_start: i.date,
    date_end: i.dateEnd ?? i.date,
    deaths_a: best('sideA'),
    deaths_b: best('sideB'),
    deaths_civilians: best('civilians'),
    deaths_unknown: (total?.best ?? 0) - sideBest,
    best: total?.best ?? 0,
    high: total?.high ?? 0,
    low: total?.low ?? 0,
  });
  return UCDP_COLUMNS.map((c) => row[c] ?? null);
}
