// What a format reader hands the import service: whole rows, already checked, or a rejection saying why not.
// Readers are pure mappings from a file's rows; the service decides what is new, updated or unchanged.
import type { IncidentClaimBody } from '../domain/claim.ts';
import type { Incident } from '../domain/incident.ts';
import type { Series } from '../domain/series.ts';

/** The incident fields a dataset row carries (the service adds id, agreement, status and bookkeeping). */
export type RowIncident = Pick<Incident, 'date' | 'dateEnd' | 'datePrecision' | 'location' | 'eventType' | 'subEventType' | 'actor1' | 'actor2' | 'killed' | 'injured' | 'notes'>;

export interface RowDocument {
  title: string;
  publisher: string;
  url: string | null;
  publishedAt: string | null;
  /** The row as received, one `column: value` per line, so the record cites exactly what the dataset said. */
  text: string;
}

export interface IncidentRow {
  kind: 'incident';
  line: number;
  /** `acled:ETH9766`, `ucdp:123456`: the dataset's own identity; a re-import updates it, never duplicates. */
  externalId: string;
  document: RowDocument;
  incident: RowIncident;
  claim: { claimantName: string; claimedAt: string | null; body: IncidentClaimBody; evidence: { start: number; end: number; text: string } | null };
}

export interface SeriesRow {
  kind: 'series';
  line: number;
  document: RowDocument | null;
  points: { series: Omit<Series, 'version'>; date: string; value: number; note: string | null }[];
}

export interface Rejection {
  kind: 'rejected';
  line: number;
  column: string | null;
  reason: string;
  /** The row's values as read, for the rejects file. */
  values: string[];
}

export type ImportRow = IncidentRow | SeriesRow | Rejection;

/** Thrown by field parsers; the reader turns it into a Rejection for the row. */
export class FieldProblem extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

/** A dataset row as document text: `column: value` lines in the file's order, empty values left out. */
export function rowText(header: readonly string[], values: readonly string[]): string {
  const lines: string[] = [];
  header.forEach((h, i) => {
    const v = values[i] ?? '';
    if (v.trim() !== '' && h.trim() !== '') lines.push(`${h.trim()}: ${v.trim().replace(/\r?\n/g, ' ')}`);
  });
  return lines.join('\n');
}

/** The fields of a dataset-row document's text back as a map (the export reads the columns Truce does not model). */
export function rowFields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(': ');
    if (i > 0) out.set(line.slice(0, i).toLowerCase(), line.slice(i + 2));
  }
  return out;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A day as datasets write it: `2025-10-19` (also with a time after it), `19 October 2025`, `19-Oct-25`,
 * `19-10-2025`, `19/10/2025`. Returns YYYY-MM-DD, or null when the text is not one of these or not a real day.
 */
export function parseDay(raw: string): string | null {
  const s = raw.trim();
  let y: number, m: number, d: number;
  let r: RegExpExecArray | null;
  if ((r = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(s))) [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{2}|\d{4})$/.exec(s))) {
    const mi = MONTHS.indexOf(r[2]!.slice(0, 3).toLowerCase());
    if (mi < 0 || (r[2]!.length > 3 && !new Date(Date.UTC(2000, mi, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' }).toLowerCase().startsWith(r[2]!.toLowerCase()))) return null;
    y = Number(r[3]);
    if (r[3]!.length === 2) y += y >= 70 ? 1900 : 2000;
    [m, d] = [mi + 1, Number(r[1])];
  } else if ((r = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s))) [y, m, d] = [Number(r[3]), Number(r[2]), Number(r[1])];
  else return null;
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === iso ? iso : null;
}

export function wholeNumber(column: string, raw: string, options: { blank?: number } = {}): number {
  const s = raw.trim();
  if (s === '' && options.blank !== undefined) return options.blank;
  if (!/^\d+$/.test(s)) throw new FieldProblem(column, `"${clip(s)}" is not a whole number ≥ 0`);
  return Number(s);
}

export function coordinate(column: string, raw: string, limit: 90 | 180): number | null {
  const s = raw.trim();
  if (s === '') return null;
  const n = Number(s);
  if (!Number.isFinite(n) || Math.abs(n) > limit) throw new FieldProblem(column, `"${clip(s)}" is not a ${limit === 90 ? 'latitude (−90…90)' : 'longitude (−180…180)'}`);
  return n;
}

export const clip = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n)}…` : s);
