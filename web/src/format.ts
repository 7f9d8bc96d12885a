// Dates and numbers as people read them: "10 Oct 2025", "1,234", "400 (350–420)".
import type { Estimate, Toll } from './api.ts';

const nf = new Intl.NumberFormat('en-GB');
const df = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dfShort = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dtf = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });

export const num = (n: number | null | undefined): string => (n === null || n === undefined || Number.isNaN(n) ? '—' : nf.format(n));

const asDate = (iso: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);

export function day(iso: string | null | undefined): string {
  if (!iso) return 'date unknown';
  const d = asDate(iso);
  return Number.isNaN(d.getTime()) ? iso : df.format(d);
}
export function shortDay(iso: string): string {
  const d = asDate(iso);
  return Number.isNaN(d.getTime()) ? iso : dfShort.format(d);
}
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = asDate(iso);
  return Number.isNaN(d.getTime()) ? iso : dtf.format(d);
}

/** "in 3 days", "5 days ago", from hours relative to now. */
export function relativeHours(h: number | null): string {
  if (h === null) return '';
  const abs = Math.abs(h);
  const text = abs < 48 ? `${Math.round(abs)} hour${Math.round(abs) === 1 ? '' : 's'}` : `${nf.format(Math.round(abs / 24))} days`;
  return h >= 0 ? `in ${text}` : `${text} ago`;
}

export function estimate(e: Estimate | null | undefined): string {
  if (!e) return '—';
  if (e.low === e.best && e.best === e.high) return num(e.best);
  return `${num(e.best)} (${num(e.low)}–${num(e.high)})`;
}

export function tollTotal(t: Toll): Estimate | null {
  const parts = Object.values(t).filter((e): e is Estimate => Boolean(e));
  if (parts.length === 0) return null;
  return parts.reduce((a, b) => ({ low: a.low + b.low, best: a.best + b.best, high: a.high + b.high }));
}

export const GROUP_LABEL: Record<string, string> = { civilians: 'civilians', sideA: 'side A', sideB: 'side B', unknown: 'not known' };

export function humanize(id: string | null | undefined): string {
  if (!id) return '—';
  return id.replace(/^[a-z0-9-]+\//, '').replace(/^p\d+\./, '').replace(/[-_.]/g, ' ');
}
