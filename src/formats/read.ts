// Opening a file for import: checks its encoding and header first (a wrong file is refused before anything
// lands), then yields its rows one at a time through the format's parser. CSV formats stream; JSON formats
// (Tech For Palestine, GeoJSON) are read whole, as their files are small and JSON has no row boundaries.
import { readFileSync } from 'node:fs';
import { invalidInput } from '../domain/errors.ts';
import { ACLED_COLUMNS, ACLED_REQUIRED, acledLayout, parseAcledRow, TRUCE_ACLED_EXTRAS } from './acled.ts';
import { assertUtf8File, fileSize, headerIndex, MAX_FIELD_CHARS, readCsv, type CsvRecord } from './csv.ts';
import { ACLED_HXL, columnsFromTags, hxlKind, isHashtagRow, SERIES_HXL } from './hxl.ts';
import type { ImportRow } from './records.ts';
import { parseSeriesRow, SERIES_COLUMNS } from './series-csv.ts';
import { parseTfp } from './tfp.ts';
import { parseUcdpRow, UCDP_REQUIRED } from './ucdp.ts';

export const IMPORT_FORMATS = ['acled', 'ucdp', 'hxl', 'geojson', 'tfp', 'series'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportFile {
  format: ImportFormat;
  file: string;
  totalBytes: number;
  /** What the rows hold: the service reports incidents or series points. */
  holds: 'incidents' | 'series';
  /** The header row(s) to repeat at the top of the rejects file, so it imports like the original. */
  rejectsHeader: string[][];
  /** `csv` rejects are CSV rows; `json` rejects are the rows' JSON between `rejectsWrap`'s two parts. */
  rejectsKind: 'csv' | 'json';
  rejectsWrap: [string, string];
  /** Each row with the values it was read from (kept for the rejects file, should the store refuse it). */
  rows: AsyncGenerator<ImportRow & { bytes: number; raw: string[] }>;
}

export async function openImportFile(format: ImportFormat, file: string): Promise<ImportFile> {
  const totalBytes = fileSize(file);
  if (totalBytes === 0) throw invalidInput(`${file} is empty: expected ${format === 'tfp' || format === 'geojson' ? 'JSON' : 'a header row and data rows'}; nothing was imported`, file);
  await assertUtf8File(file);
  if (format === 'tfp' || format === 'geojson') return openJson(format, file, totalBytes);
  const records = readCsv(file);
  const first = await records.next();
  if (first.done) throw invalidInput(`${file} is empty: expected a header row and data rows; nothing was imported`, file);
  const header = first.value.values;
  let columns = header.map((h) => h.trim().toLowerCase());
  const rejectsHeader = [[...header, 'truce_reject_reason']];
  let holds: ImportFile['holds'] = format === 'series' ? 'series' : 'incidents';
  if (format === 'hxl') {
    const second = await records.next();
    if (second.done || !isHashtagRow(second.value.values)) {
      throw invalidInput(`${file}:2: not an HXL file: the row under the header must be hashtags (#event+code, #date+occurred, …); use \`truce import acled\` for a plain ACLED CSV`, file);
    }
    const tags = second.value.values;
    holds = hxlKind(tags);
    columns = columnsFromTags(header, tags, holds === 'series' ? SERIES_HXL : ACLED_HXL);
    rejectsHeader.push([...tags, '']);
  }
  const index = headerIndex(columns);
  let parse: (values: string[], line: number) => ImportRow;
  if (holds === 'series') {
    const missing = SERIES_COLUMNS.filter((c) => !index.has(c));
    if (missing.length > 0) throw wrongHeader(file, format, missing, format === 'hxl' ? Object.values(SERIES_HXL).slice(0, 4) : [...SERIES_COLUMNS]);
    parse = (v, line) => parseSeriesRow(index, v, line);
  } else if (format === 'ucdp') {
    const missing = UCDP_REQUIRED.filter((c) => !index.has(c));
    if (missing.length > 0) throw wrongHeader(file, format, missing, [...UCDP_REQUIRED]);
    parse = (v, line) => parseUcdpRow(columns, index, v, line);
  } else {
    const layout = acledLayout(columns, index);
    if ('missing' in layout) throw wrongHeader(file, format, format === 'hxl' ? layout.missing.map((c) => `${ACLED_HXL[c]} (${c})`) : layout.missing, format === 'hxl' ? ACLED_REQUIRED.map((c) => ACLED_HXL[c]!) : [...ACLED_REQUIRED]);
    parse = (v, line) => parseAcledRow(layout.ok, v, line);
  }
  return { format, file, totalBytes, holds, rejectsHeader, rejectsKind: 'csv', rejectsWrap: ['', ''], rows: csvRows(records, header.length, parse) };
}

const FORMAT_NAMES: Record<string, string> = { acled: 'an ACLED CSV', ucdp: 'a UCDP GED CSV', hxl: 'an HXL-tagged CSV', series: 'a series CSV (date,value,metric,body)' };

function wrongHeader(file: string, format: string, missing: string[], required: string[]) {
  return invalidInput(`${file}:1: not ${FORMAT_NAMES[format] ?? format}: the header lacks ${missing.join(', ')}; it must name at least ${required.join(', ')}. Nothing was imported`, file);
}

async function* csvRows(records: AsyncGenerator<CsvRecord>, width: number, parse: (values: string[], line: number) => ImportRow): AsyncGenerator<ImportRow & { bytes: number; raw: string[] }> {
  for await (const r of records) {
    const { values, line, bytes } = r;
    if (values.length !== width && !(values.length > width && values.slice(width).every((v) => v === ''))) {
      yield { kind: 'rejected', line, column: null, reason: `has ${values.length} values but the header has ${width} columns (a stray comma or quote?)`, values, bytes, raw: values };
      continue;
    }
    const long = values.findIndex((v) => v.length > MAX_FIELD_CHARS);
    if (long >= 0) {
      yield { kind: 'rejected', line, column: `column ${long + 1}`, reason: `column ${long + 1} holds ${values[long]!.length} characters; the limit is ${MAX_FIELD_CHARS} (an unclosed quote can swallow following lines)`, values: values.map((v) => (v.length > MAX_FIELD_CHARS ? v.slice(0, 200) : v)), bytes, raw: [] };
      continue;
    }
    yield { ...parse(values, line), bytes, raw: values };
  }
}

function openJson(format: 'tfp' | 'geojson', file: string, totalBytes: number): ImportFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw invalidInput(`${file}: not valid JSON (${(err as Error).message}); nothing was imported`, file);
  }
  if (format === 'tfp') {
    const { rows } = parseTfp(file, json);
    return { format, file, totalBytes, holds: 'series', rejectsHeader: [], rejectsKind: 'json', rejectsWrap: ['[\n', '\n]\n'], rows: withBytes(rows, json as unknown[], totalBytes) };
  }
  const fc = json as { type?: unknown; features?: unknown };
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw invalidInput(`${file}: not a GeoJSON FeatureCollection of point incidents; agreement lines and zones are loaded with \`truce agreement geometry\``, file);
  }
  const header = [...ACLED_COLUMNS, ...TRUCE_ACLED_EXTRAS] as string[];
  const layout = acledLayout(header, headerIndex(header));
  if ('missing' in layout) throw new Error('unreachable: the ACLED columns lack a required one');
  const rows = (fc.features as unknown[]).map((feature, i): ImportRow => {
    const n = i + 1;
    const f = feature as { type?: string; geometry?: { type?: string; coordinates?: unknown }; properties?: Record<string, unknown> };
    const values = [JSON.stringify(feature)];
    if (!f || f.type !== 'Feature') return { kind: 'rejected', line: n, column: null, reason: `feature ${n} is not a GeoJSON Feature`, values };
    if (f.geometry && f.geometry.type !== 'Point') {
      return { kind: 'rejected', line: n, column: 'geometry', reason: `feature ${n} is a ${String(f.geometry.type)}: only Point incidents are imported here; load agreement lines and zones with \`truce agreement geometry\``, values };
    }
    const p = f.properties ?? {};
    const missing = ACLED_REQUIRED.filter((c) => p[c] === undefined || p[c] === null || p[c] === '');
    if (missing.length > 0) return { kind: 'rejected', line: n, column: missing[0]!, reason: `feature ${n} lacks the properties ${missing.join(', ')} (ACLED names, as \`truce export geojson\` writes)`, values };
    const c = f.geometry?.coordinates;
    const props: Record<string, unknown> = { ...p };
    if (Array.isArray(c) && c.length >= 2) [props.longitude, props.latitude] = [c[0], c[1]];
    const rowValues = header.map((h) => (props[h] === undefined || props[h] === null ? '' : String(props[h])));
    const row = parseAcledRow(layout.ok, rowValues, n, { source: typeof p.publisher === 'string' ? p.publisher : undefined });
    return row.kind === 'rejected' ? { ...row, reason: `feature ${n}: ${row.reason}`, values } : row;
  });
  return { format, file, totalBytes, holds: 'incidents', rejectsHeader: [], rejectsKind: 'json', rejectsWrap: ['{"type":"FeatureCollection","features":[\n', '\n]}\n'], rows: withBytes(rows, fc.features as unknown[], totalBytes) };
}

async function* withBytes(rows: ImportRow[], raw: unknown[], total: number): AsyncGenerator<ImportRow & { bytes: number; raw: string[] }> {
  for (let i = 0; i < rows.length; i++) yield { ...rows[i]!, bytes: Math.round(((i + 1) / rows.length) * total), raw: [JSON.stringify(raw[i])] };
}
