// Tech For Palestine's daily casualty files (github.com/TechForPalestine/palestine-datasets, public domain): Gaza,
// West Bank and Lebanon. Every field becomes a series of the body that reported it that day, never merged with
// another body's: Gaza's `mohtel` rows are the Ministry of Health's, `gmotel` the Government Media Office's. The
// maintainers' `ext_*` fields (gap-filled or back-calculated) and the West Bank's carried-forward `fill` days are
// their estimates, not reports: they go to series of Tech For Palestine marked estimated.
import { invalidInput } from '../domain/errors.ts';
import type { Series } from '../domain/series.ts';
import { seriesId } from '../domain/series.ts';
import type { ImportRow, SeriesRow } from './records.ts';
import { parseDay } from './records.ts';

export const TFP_BODY = 'tech-for-palestine';
/** Figures on days whose reporting body the maintainers did not record (`report_source: missing`). */
export const UNATTRIBUTED_BODY = 'unattributed';
const TFP_URL = 'https://github.com/TechForPalestine/palestine-datasets';

export type TfpDataset = 'gaza' | 'west-bank' | 'lebanon';

const GAZA_BODIES: Record<string, string> = { mohtel: 'gaza-moh', gmotel: 'gaza-gmo' };
const LEBANON_BODIES: Record<string, string> = { moph_lb: 'lebanon-moh', ocha: 'un-ocha' };
const WEST_BANK_BODIES: Record<string, string> = { un: 'un-ocha' };
const META = new Set(['report_date', 'report_source', 'report_period', 'phase', 'flash_source', 'verified']);

/** Which file it is, from its rows' fields (file names get changed; fields do not). */
export function tfpDataset(rows: Record<string, unknown>[]): TfpDataset {
  if (rows.some((r) => 'flash_source' in r)) return 'west-bank';
  if (rows.some((r) => 'phase' in r)) return 'lebanon';
  return 'gaza';
}

const REGION_LABEL: Record<TfpDataset, string> = { gaza: 'Gaza', 'west-bank': 'West Bank', lebanon: 'Lebanon' };
const REGION_PREFIX: Record<TfpDataset, string> = { gaza: 'gaza.', 'west-bank': 'west_bank.', lebanon: 'lebanon.' };
/** The territory each file's figures cover: its series report on the agreements over that territory. */
export const TFP_TERRITORY: Record<TfpDataset, string> = { gaza: 'gaza-strip', 'west-bank': 'west-bank', lebanon: 'lebanon' };

/** Bodies that report on one place only keep bare metric names; the others' metrics say where. */
const PLACE_BOUND = new Set(['gaza-moh', 'gaza-gmo', 'lebanon-moh']);

function seriesFor(dataset: TfpDataset, bodyId: string, field: string, estimated: boolean, how: string): Omit<Series, 'version'> {
  const metric = PLACE_BOUND.has(bodyId) ? field : `${REGION_PREFIX[dataset]}${field}`;
  const cumulative = /_cum(_|$)/.test(field);
  return {
    id: seriesId(bodyId, metric),
    bodyId,
    metric,
    mode: cumulative ? 'cumulative' : 'period',
    unit: /massacres/.test(field) ? 'massacres' : /attacks/.test(field) ? 'attacks' : /households/.test(field) ? 'households' : 'people',
    description: `${REGION_LABEL[dataset]}: Tech For Palestine field ${field}${cumulative ? ' (running total)' : ' (over the report period)'}; ${how}`,
    estimated,
    territory: TFP_TERRITORY[dataset],
  };
}

/** The rows of one TFP file as series rows (one source document per day's row) or rejections. */
export function parseTfp(file: string, json: unknown): { dataset: TfpDataset; rows: ImportRow[] } {
  if (!Array.isArray(json)) throw invalidInput(`${file}: not a Tech For Palestine daily file: expected a JSON array of daily rows with report_date`, file);
  const rows = json as Record<string, unknown>[];
  if (rows.length === 0) throw invalidInput(`${file}: the file holds no rows; nothing to import`, file);
  if (!rows.some((r) => r && typeof r === 'object' && 'report_date' in r)) throw invalidInput(`${file}: not a Tech For Palestine daily file: no row has report_date`, file);
  const dataset = tfpDataset(rows);
  const out: ImportRow[] = rows.map((r, i) => tfpRow(dataset, r, i + 1));
  return { dataset, rows: out };
}

function tfpRow(dataset: TfpDataset, r: Record<string, unknown>, n: number): ImportRow {
  const values = [JSON.stringify(r)];
  if (!r || typeof r !== 'object' || Array.isArray(r)) return { kind: 'rejected', line: n, column: null, reason: 'row is not a JSON object', values };
  const date = typeof r.report_date === 'string' ? parseDay(r.report_date) : null;
  if (!date || date !== r.report_date) return { kind: 'rejected', line: n, column: 'report_date', reason: `report_date ${JSON.stringify(r.report_date)} is not a YYYY-MM-DD day`, values };
  const source = String(r.report_source ?? r.flash_source ?? '');
  const bodies = dataset === 'gaza' ? GAZA_BODIES : dataset === 'lebanon' ? LEBANON_BODIES : WEST_BANK_BODIES;
  const reporter = bodies[source] ?? null;
  const period = typeof r.report_period === 'number' ? r.report_period : null;
  const phase = typeof r.phase === 'number' ? `phase ${r.phase}` : null;
  const fields: [string, unknown][] = Object.entries(r).filter(([k]) => !META.has(k));
  if (r.verified && typeof r.verified === 'object') for (const [k, v] of Object.entries(r.verified as object)) fields.push([`verified_${k}`, v]);
  const points: SeriesRow['points'] = [];
  for (const [field, value] of fields) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      if (value === null || value === undefined) continue;
      return { kind: 'rejected', line: n, column: field, reason: `${field} is ${JSON.stringify(value)}, not a number`, values };
    }
    let s: Omit<Series, 'version'>;
    let note: string | null;
    if (field.startsWith('ext_')) {
      s = seriesFor(dataset, TFP_BODY, field.slice(4), true, "the maintainers' gap-filled or back-calculated figure: an estimate, not a report");
      note = `estimate by Tech For Palestine (field ${field})`;
    } else if (dataset === 'west-bank' && source === 'fill') {
      s = seriesFor(dataset, TFP_BODY, field, true, 'carried forward by the maintainers from the last OCHA flash report: an estimate, not a report');
      note = 'carried forward from the last OCHA flash report';
    } else if (reporter || source === 'missing') {
      s = seriesFor(dataset, reporter ?? UNATTRIBUTED_BODY, field, false, reporter ? `as reported by ${reporter}` : 'reported on a day whose reporting body the dataset does not record (report_source missing)');
      note = [/_cum/.test(field) ? null : period !== null ? `covers ${period} hours` : null, phase].filter(Boolean).join('; ') || null;
    } else {
      return { kind: 'rejected', line: n, column: dataset === 'west-bank' ? 'flash_source' : 'report_source', reason: `report source "${source}" is not one Truce knows (${Object.keys(bodies).join(', ')}): whose figure ${field} is cannot be told`, values };
    }
    points.push({ series: s, date, value, note });
  }
  const who = reporter ? `report of ${reporter}` : 'no report that day';
  return {
    kind: 'series',
    line: n,
    document: {
      title: `Tech For Palestine ${REGION_LABEL[dataset]} daily casualties, ${date} (${who})`,
      publisher: 'Tech For Palestine (palestine-datasets)',
      url: TFP_URL,
      publishedAt: `${date}T00:00:00.000Z`,
      text: JSON.stringify({ dataset, ...r }),
    },
    points,
  };
}
