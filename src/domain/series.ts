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
