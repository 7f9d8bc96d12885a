// A generic reported-series CSV: date, value, metric, body (the reporting body's actor id), with optional mode,
// unit, estimated and note columns. Each body's figures become its own series (`body.metric`), never merged.
// Optional `territory` (the area the figures cover: Gaza Strip, West Bank, Lebanon; `country` when the series
// covers a whole country) and `agreement` (agreement ids the series reports on, separated by `;`) say which
// agreements' tallies list the series.
import { seriesId, territoryId } from '../domain/series.ts';
import type { ImportRow } from './records.ts';
import { clip, parseDay } from './records.ts';

export const SERIES_COLUMNS = ['date', 'value', 'metric', 'body'] as const;
const MODES = ['cumulative', 'daily', 'period'] as const;

export function parseSeriesRow(index: Map<string, number>, values: string[], line: number): ImportRow {
  const get = (c: string) => {
    const i = index.get(c);
    return i === undefined ? '' : (values[i] ?? '').trim();
  };
  const reject = (column: string, reason: string): ImportRow => ({ kind: 'rejected', line, column, reason: `${column} ${reason}`, values });
  const date = parseDay(get('date'));
  if (!date) return reject('date', `"${clip(get('date'))}" is not a date (YYYY-MM-DD)`);
  const raw = get('value').replace(/,/g, '');
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value)) return reject('value', `"${clip(get('value'))}" is not a number`);
  const metric = get('metric');
  if (!/^[a-z0-9][a-z0-9_.-]{0,79}$/i.test(metric)) return reject('metric', `"${clip(metric)}" is not a metric name (letters, digits, _ . -)`);
  const body = get('body');
  if (!/^[a-z0-9][a-z0-9_.-]{0,63}$/i.test(body)) return reject('body', `"${clip(body)}" is not a body id (the reporting body's actor id, e.g. gaza-moh)`);
  const modeRaw = get('mode').toLowerCase();
  if (modeRaw && !(MODES as readonly string[]).includes(modeRaw)) return reject('mode', `"${clip(modeRaw)}" is not one of ${MODES.join(', ')}`);
  // Without a mode column, a running total is recognised only by its name (…_cum, …since…, …total…).
  const mode = (modeRaw || (/_cum\b|_cum_|since|total|cumulative/i.test(metric) ? 'cumulative' : 'daily')) as (typeof MODES)[number];
  const est = get('estimated').toLowerCase();
  if (est && !['true', 'false', 'yes', 'no', '1', '0'].includes(est)) return reject('estimated', `"${clip(est)}" is not true or false`);
  const territory = territoryId(get('territory') || get('country'));
  const agreements = get('agreement')
    .split(/[;,\s]+/)
    .filter(Boolean);
  const badAgreement = agreements.find((a) => !/^[a-z0-9][a-z0-9-]*$/.test(a));
  if (badAgreement) return reject('agreement', `"${clip(badAgreement)}" is not an agreement id (e.g. gaza-2025; several separated by ;)`);
  return {
    kind: 'series',
    line,
    document: null,
    points: [
      {
        series: {
          id: seriesId(body, metric),
          bodyId: body,
          metric,
          mode,
          unit: get('unit') || 'people',
          description: modeRaw ? null : `mode ${mode} read from the metric's name (no mode column)`,
          estimated: ['true', 'yes', '1'].includes(est),
          territory,
          ...(agreements.length ? { agreements: [...new Set(agreements)] } : {}),
        },
        date,
        value,
        note: get('note') || null,
      },
    ],
  };
}
