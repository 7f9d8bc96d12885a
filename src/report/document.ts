// The sitrep laid out as a document: headings, paragraphs, tables and figures, in one order. Markdown and HTML
// render this same list, so every format has the same sections, tables and figures in the same place. Pure.
import type { Estimate } from '../domain/estimate.ts';
import type { Breakdown, Figure, Sitrep, StatementRow } from './model.ts';
import { NUMBERED_MAX, chartSvg, mapSvg } from './svg.ts';

export type Inline = string | { text: string; href: string };
export type Cell = Inline | Inline[];

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'para'; text: Inline[]; small?: boolean }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'table'; headers: string[]; rows: Cell[][]; numeric?: number[]; empty: string; compact?: boolean }
  | { kind: 'figure'; svg: string; alt: string; caption: string };

const n = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 1 });
export const range = (e: Estimate | null | undefined): string => (!e ? '—' : e.low === e.high ? n(e.best) : `${n(e.best)} (${n(e.low)}–${n(e.high)})`);
const fig = (f: Figure): string => (f.value === null ? '—' : f.range ? range(f.range) : n(f.value));
const change = (c: number | null): string => (c === null ? '—' : c === 0 ? '0' : c > 0 ? `+${n(c)}` : `−${n(-c)}`);
const refs = (r: string[]): string => (r.length ? r.join(' ') : '');
const label = (s: string) => s.replace(/[-_]/g, ' ');
/** ISO date-times as a reader writes them: "2025-10-13 09:00 UTC", keeping a local offset when one was given. */
export const readable = (s: string) =>
  s.replace(/(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})/g, (_m, d: string, t: string, z: string) => `${d} ${t} ${z === 'Z' || z === '+00:00' ? 'UTC' : `UTC${z}`}`);

function breakdownTable(rows: Breakdown[], first: string): Block {
  // Grades as words ("fair 1, weak 2") rather than six columns that are mostly zero.
  const grades = (b: Breakdown) => (['confirmed', 'fair', 'weak', 'contested', 'discounted', 'ungraded'] as const).filter((g) => b.byGrade[g] > 0).map((g) => `${g === 'ungraded' ? 'not graded' : g} ${b.byGrade[g]}`).join(', ') || '—';
  return {
    kind: 'table',
    headers: [first, 'Verified', 'Alleged', 'Grades'],
    rows: rows.map((b) => [b.key, String(b.verified), String(b.alleged), grades(b)]),
    numeric: [1, 2],
    empty: 'No incidents in the period.',
    compact: true,
  };
}

const statementRows = (rows: StatementRow[]): Cell[][] => rows.map((s) => [s.date ?? '—', s.who, s.kind, s.quote ? `${s.text} — “${s.quote}”` : s.text, refs(s.refs)]);

export function sitrepDocument(r: Sitrep): Block[] {
  const b: Block[] = [];
  const basis = r.basis.kind === 'release' ? `release ${r.basis.number} (${r.basis.createdAt.slice(0, 10)})` : 'internal record, not a release';
  b.push({ kind: 'heading', level: 1, text: `Situation report — ${r.agreement.title}` });
  b.push({ kind: 'para', text: [`Period ${r.period.from} to ${r.period.to} (${r.period.days} day${r.period.days === 1 ? '' : 's'})${r.period.dayOfCeasefire > 0 ? ` · day ${r.period.dayOfCeasefire} of the ceasefire` : ' · before the ceasefire took effect'} · based on ${basis} · agreement ${r.agreement.id} version ${r.agreement.version} · generated ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC`], small: true });

  b.push({ kind: 'heading', level: 2, text: 'Summary' });
  b.push({ kind: 'list', items: r.summary.map((s) => [s]) });

  b.push({ kind: 'heading', level: 2, text: '1. Headline figures' });
  b.push({ kind: 'para', text: [`Each row is one reporting body's own figures; rows are never added together. "Previous" is ${r.period.previousFrom} to ${r.period.previousTo}. "Since the start" counts from ${r.period.sinceStart}.`], small: true });
  b.push({
    kind: 'table',
    headers: ['Reported by', 'Figure', 'This period', 'Previous', 'Change', 'Since the start', 'Sources'],
    rows: r.headline.map((h) => [h.body, `${label(h.metric)}${h.unit && !h.metric.includes(h.unit) ? ` (${h.unit})` : ''}`, `${fig(h.period)}${h.period.note && h.period.value !== null ? ` (${h.period.note})` : ''}`, fig(h.previous), change(h.change), `${fig(h.sinceStart)}${h.asOf && h.asOf !== r.period.to ? ` (as of ${h.asOf})` : ''}`, refs(h.refs)]),
    numeric: [2, 3, 4, 5],
    empty: 'No figures held for this agreement.',
  });

  b.push({ kind: 'heading', level: 2, text: '2. Incidents in the period' });
  const map = mapSvg(r.map.layers, r.incidents);
  if (map) {
    const missing = r.map.notLoaded.length ? ` Not drawn, because no sourced coordinates are loaded: ${r.map.notLoaded.join(', ')}.` : '';
    const placed = r.incidents.filter((i) => i.lon !== null && i.lat !== null).length;
    const numbered = r.incidents.length <= NUMBERED_MAX ? ', numbered as in the list below' : ` (${r.incidents.length}: too many to number legibly; the list below gives each one's place)`;
    const what = r.incidents.length === 0 ? 'no incidents recorded in the period' : `incidents ${r.period.from} to ${r.period.to}${numbered}${placed < r.incidents.length ? `; ${r.incidents.length - placed} without coordinates not shown` : ''}`;
    b.push({ kind: 'figure', svg: map, alt: `Map of the incidents, ${r.period.from} to ${r.period.to}`, caption: `Map: ${what}. Filled circle = verified, open circle = alleged. Dotted outlines are governorates.${missing}` });
  }
  b.push({ kind: 'heading', level: 3, text: 'By alleged perpetrator' });
  b.push(breakdownTable(r.byPerpetrator, 'Attributed to (as alleged)'));
  b.push({ kind: 'heading', level: 3, text: 'By type' });
  b.push(breakdownTable(r.byType, 'Event type (ACLED)'));
  b.push({ kind: 'heading', level: 3, text: 'By place' });
  b.push(breakdownTable(r.byPlace, 'Governorate or place'));
  b.push({ kind: 'heading', level: 3, text: 'List' });
  b.push({
    kind: 'table',
    headers: ['#', 'Date', 'Place', 'What', 'Attributed to', 'Killed', 'Injured', 'Grade', 'Evidence', 'Sources'],
    rows: r.incidents.map((i) => [String(i.n), i.date, i.area && i.area !== i.place ? `${i.place}, ${i.area}` : i.place, i.subEventType, i.perpetrator, range(i.killed), range(i.injured), i.grade ?? 'not graded', i.evidence, refs(i.refs)]),
    numeric: [0, 5, 6],
    empty: 'No incidents recorded in the period.',
    compact: true,
  });

  b.push({ kind: 'heading', level: 2, text: '3. Breaches per party and provision' });
  b.push({ kind: 'para', text: ['Counts of distinct incidents. Verified incidents can make a provision breached; alleged ones are shown beside them and never added in. Statuses are as of the last day of the period.'], small: true });
  b.push({
    kind: 'table',
    headers: ['Party', 'Verified (period)', 'Alleged (period)', 'Verified (previous)', 'Verified since start', 'Alleged since start', 'Provisions breached', 'Overdue', 'Met'],
    rows: r.parties.map((p) => [p.name, String(p.verifiedPeriod), String(p.allegedPeriod), String(p.verifiedPrevious), String(p.verifiedSinceStart), String(p.allegedSinceStart), String(p.statuses.breached), String(p.statuses.overdue), String(p.statuses.met)]),
    numeric: [1, 2, 3, 4, 5, 6, 7, 8],
    empty: 'The agreement names no parties.',
  });
  // Provisions with nothing to show (not yet applicable, or nothing to judge them by, and no incident either way) are
  // named in one line under the table rather than given a row each: the same cut for every party.
  const quiet = (c: (typeof r.compliance)[number]) => (c.status === 'pending' || c.status === 'not-assessable') && c.verifiedSinceStart + c.allegedSinceStart === 0;
  const judged = r.compliance.filter((c) => !quiet(c));
  b.push({
    kind: 'table',
    headers: ['Provision', 'Party', 'Status', 'Verified (period)', 'Alleged (period)', 'Verified since start', 'Why'],
    rows: judged.map((c) => [c.short, c.partyName, label(c.status), String(c.verifiedPeriod), String(c.allegedPeriod), String(c.verifiedSinceStart), readable(c.reason)]),
    numeric: [3, 4, 5],
    empty: 'No provision applies yet.',
    compact: true,
  });
  for (const status of ['pending', 'not-assessable'] as const) {
    const rest = r.compliance.filter((c) => quiet(c) && c.status === status);
    if (rest.length) b.push({ kind: 'para', text: [`${status === 'pending' ? 'Not yet applicable' : 'Nothing to judge by yet (no figures, deadline or breach rule that can be applied)'}, no incident either way: ${rest.map((c) => `${c.short} (${c.partyName})`).join('; ')}.`], small: true });
  }

  b.push({ kind: 'heading', level: 2, text: '4. Indicators against targets' });
  b.push({
    kind: 'table',
    headers: ['Provision', 'Obligated', 'Target', 'Reported by', 'This period', 'To date', 'Status'],
    rows: r.indicators.flatMap((i) => i.readings.map((x) => [i.short, i.partyName, i.target, x.body, x.inPeriod, x.toDate, label(i.status)])),
    empty: 'No body has reported figures for any of the agreement\u2019s targets.',
    compact: true,
  });
  const unreported = r.indicators.filter((i) => i.readings.length === 0);
  if (unreported.length) b.push({ kind: 'para', text: [`No figures reported for: ${unreported.map((i) => `${i.short} (${i.partyName}, target ${i.target}; ${label(i.status)})`).join('; ')}.`], small: true });

  b.push({ kind: 'heading', level: 2, text: '5. Deadlines' });
  b.push({ kind: 'para', text: ['Deadlines that fell in the period, fall in the next 14 days, passed earlier and are still open, or are waiting for the event they count from.'], small: true });
  b.push({
    kind: 'table',
    headers: ['Provision', 'Obligated', 'Deadline', 'When', 'Status'],
    rows: r.deadlines.map((d) => [d.short, d.partyName, readable(d.deadline), d.state, label(d.status)]),
    empty: 'No deadline falls near the period.',
    compact: true,
  });

  b.push({ kind: 'heading', level: 2, text: '6. Force generation' });
  b.push({ kind: 'para', text: [r.force.requirement ? `Requirement: ${r.force.requirement}. Pledges as last reported per country; a pledge is a claim, not a deployment.` : 'The agreement sets no force requirement. Pledges as last reported per country.'], small: true });
  b.push({
    kind: 'table',
    headers: ['Country', 'Force', 'Troops', 'Status', 'As of', 'Reported by', 'Sources'],
    rows: r.force.pledges.map((p) => [p.country, p.force, range(p.troops), p.status, p.asOf ?? '—', p.claimant, refs(p.refs)]),
    empty: 'No pledges recorded.',
  });
  b.push({ kind: 'heading', level: 3, text: 'Objections' });
  b.push({ kind: 'table', headers: ['Date', 'Stated by', 'Kind', 'What', 'Sources'], rows: statementRows(r.force.objections), empty: 'No objections recorded.' });

  b.push({ kind: 'heading', level: 2, text: '7. Statements, positions and allegations in the period' });
  b.push({ kind: 'para', text: ['As stated by each speaker; recorded here without endorsement.'], small: true });
  b.push({ kind: 'table', headers: ['Date', 'Stated by', 'Kind', 'What', 'Sources'], rows: statementRows(r.statements), empty: 'No statements recorded in the period.' });

  b.push({ kind: 'heading', level: 2, text: '8. Over time' });
  for (const c of r.charts) b.push({ kind: 'figure', svg: chartSvg(c), alt: `Chart: ${c.title}`, caption: `${c.title}, ${c.from} to ${c.to}; this period shaded.${c.note ? ` ${c.note[0]!.toUpperCase()}${c.note.slice(1)}.` : ''}` });

  b.push({ kind: 'heading', level: 2, text: '9. Sources' });
  b.push({
    kind: 'list',
    items: r.sources.map((s) => {
      const name = s.title ?? s.url ?? 'untitled';
      const line: Inline[] = [`[${s.ref}] `, s.url ? { text: name, href: s.url } : name];
      line.push(` — ${[s.publisher, s.publishedAt?.slice(0, 10), s.kind.replace(/-/g, ' ')].filter(Boolean).join(', ')}`);
      return line;
    }),
  });
  if (r.sources.length === 0) b.push({ kind: 'para', text: ['No public source is cited in this period.'] });

  b.push({ kind: 'heading', level: 2, text: '10. Methods and basis' });
  for (const m of r.methods) {
    b.push({ kind: 'para', text: [readable(m)], small: true });
    if (m.startsWith('Grades')) b.push({ kind: 'table', headers: ['Grade', 'Meaning'], rows: r.grades.map((g) => [g.grade, g.meaning]), empty: '', compact: true });
  }
  return b;
}
