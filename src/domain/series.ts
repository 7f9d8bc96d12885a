// A reported time series, kept per reporting body and never merged with another body's figures.

export interface Series {
  /** `<body>.<metric>`, e.g. `gaza-moh.killed_since_truce`, `cogat.trucks`. */
  id: string;
  /** The reporting body (actor id) whose figures these are. */
  bodyId: string;
  metric: string;
  /** `cumulative` values are running totals; `daily` values are per-day counts. Said explicitly, never guessed. */
  mode: 'cumulative' | 'daily' | 'period';
  unit: string;
  description: string | null;
  /** True for values a dataset's maintainers estimated or back-filled rather than the body reported. */
  estimated: boolean;
  /**
   * The area the figures cover (`gaza-strip`, `west-bank`, `lebanon`): the series reports on every agreement whose
   * territory this is. Null when the source does not say; such a series reports on no agreement until linked.
   */
  territory: string | null;
  /**
   * Agreements the series was explicitly linked to (`--agreement` on import, an `agreement` column), whatever its
   * territory. Left out when it was never linked, so series held before links existed read as they were recorded.
   */
  agreements?: string[];
  version: number;
}

export interface SeriesPoint {
  seriesId: string;
  /** The day the value is as of (YYYY-MM-DD). */
  date: string;
  value: number;
  sourceDocumentId: string | null;
  note: string | null;
}

export function seriesId(bodyId: string, metric: string): string {
  return `${bodyId}.${metric}`;
}

/** Names people write for a territory, folded to the one id series and agreements share. */
const TERRITORY_ALIASES: Record<string, string> = { gaza: 'gaza-strip', 'gaza-strip': 'gaza-strip', 'west-bank': 'west-bank', westbank: 'west-bank', lebanon: 'lebanon' };

/**
 * A territory id from a name as written: `Gaza Strip`, `gaza`, `GAZA-STRIP` → `gaza-strip`; `West Bank` →
 * `west-bank`. Other names become the same kind of slug (`Donetsk oblast` → `donetsk-oblast`). Null for blank text.
 */
export function territoryId(raw: string | null | undefined): string | null {
  const slug = (raw ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!slug) return null;
  return TERRITORY_ALIASES[slug] ?? slug;
}

/**
 * How a series stands to one agreement: `linked` (explicitly), `territory` (it covers the agreement's territory),
 * `unlinked` (it names neither a territory nor an agreement, so whether it reports on this one cannot be told), or
 * `elsewhere` (it covers another territory or is linked to other agreements only).
 */
export type SeriesRelevance = 'linked' | 'territory' | 'unlinked' | 'elsewhere';

export function seriesRelevance(series: Pick<Series, 'territory' | 'agreements'>, agreementId: string, territories: readonly string[]): SeriesRelevance {
  const links = series.agreements ?? [];
  if (links.includes(agreementId)) return 'linked';
  if (series.territory !== null && territories.includes(series.territory)) return 'territory';
  return series.territory === null && links.length === 0 ? 'unlinked' : 'elsewhere';
}

/** True when the series' figures belong under the agreement (linked to it, or over its territory). */
export const reportsOn = (series: Pick<Series, 'territory' | 'agreements'>, agreementId: string, territories: readonly string[]): boolean => {
  const r = seriesRelevance(series, agreementId, territories);
  return r === 'linked' || r === 'territory';
};
