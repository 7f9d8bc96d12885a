// Gaza Ministry of Health daily bulletins (Arabic then English, as published). The English part is read; the
// Arabic part is the fallback when a bulletin has no English. Figures must be exact, so this is a parser of the
// bulletin's fixed layout, not the free-text extractor: the period's deaths and injuries (with the period length),
// the totals since the ceasefire, the cumulative totals since 7 October 2023, and notes that add to the total.
import { findDates } from './dates.ts';
import type { ExtractedTally, TallyMetric } from './types.ts';

const WAR_START = '2023-10-07';
const CLAIMANT = 'Gaza Health Ministry';

/** Does this text look like an MoH daily bulletin? */
export function isMohBulletin(text: string): boolean {
  // The layout, not only the words: a news article can name the ministry, the ceasefire and a cumulative toll.
  const english = /Ministry of Health/i.test(text) && /Since the cease-?fire/i.test(text) && WAR_SCOPE.test(text) &&
    /Daily Statistical Report|Number of (?:Martyrs|Injuries|deaths)|Total number of/i.test(text);
  const arabic = /وزارة الصحة/.test(text) && /منذ وقف إطلاق النار/.test(text) && /التراكمي/.test(text);
  return english || arabic || (/Ministry of Health/i.test(text) && tableHeader(text) !== null);
}

// The block of totals since the war began: a "Cumulative …" heading, or any line counting from 7 October 2023
// ("Totals since 7 October 2023:", "… since 7/10/2023 has risen to …").
const WAR_SCOPE = /Cumulative|since\s+(?:the\s+beginning\s+of\s+the\s+aggression\s+on\s+)?(?:7(?:th)?\s+(?:of\s+)?October,?\s+2023|October\s+7(?:th)?,?\s+2023|0?7\/10\/2023)/i;
const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
/** Dates blanked out (same length), so that a figure finder never reads "7 October 2023" or "11/10/2025" as counts. */
const blankDates = (s: string) => s.replace(new RegExp(`\\b\\d{1,2}\\/\\d{1,2}\\/\\d{2,4}\\b|\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS}),?(?:\\s+\\d{4})?|\\b(?:${MONTHS})\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?`, 'gi'), (m) => ' '.repeat(m.length));

const toAscii = (s: string) => s.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[،,](?=\d{3}\b)/g, '');
const num = (s: string | undefined) => (s === undefined ? null : Number(toAscii(s).replace(/[,\s]/g, '')));

interface Section {
  start: number;
  end: number;
  text: string;
}

export function parseMohBulletin(text: string, published: string | null): ExtractedTally[] {
  const table = tableHeader(text);
  if (table) return parseTable(text, table, published);
  const englishAt = text.search(/Palestinian Ministry of Health|Daily Statistical Report|The total number of (?:casualties|those|people)/i);
  if (englishAt < 0) return parseArabic(text, published);
  // Figures in brackets ("(9) martyrs", "past (72) hours") are read as plain figures; the evidence stays verbatim.
  const plain = text.replace(/\((\d[\d,]*)\)/g, (_, n: string) => ` ${n} `);
  return parseEnglish(plain, englishAt, published).map((t) => ({ ...t, evidence: text.slice(t.evidenceStart, t.evidenceEnd) }));
}

function section(text: string, from: RegExp, to: RegExp | null, offset: number): Section | null {
  const rest = text.slice(offset);
  const a = from.exec(rest);
  if (!a) return null;
  const start = offset + a.index;
  const tail = text.slice(start + a[0].length);
  const b = to ? to.exec(tail) : null;
  const end = b ? start + a[0].length + b.index : text.length;
  return { start, end, text: text.slice(start, end) };
}

function tally(metric: TallyMetric, value: number, s: Section, extra: Partial<ExtractedTally>): ExtractedTally {
  const evidence = s.text.trim();
  const lead = s.text.length - s.text.trimStart().length;
  return {
    metric, value, since: null, asOf: null, periodHours: null, subject: null, claimedBy: CLAIMANT,
    evidence, evidenceStart: s.start + lead, evidenceEnd: s.start + lead + evidence.length, ...extra,
  };
}

function reportDate(text: string, published: string | null): string | null {
  const dates = findDates(text, published).filter((d) => d.precision === 1 && d.explicitYear);
  return dates[dates.length - 1]?.date ?? published;
}

function parseEnglish(text: string, at: number, published: string | null): ExtractedTally[] {
  const out: ExtractedTally[] = [];
  const asOf = reportDate(text.slice(at), published);
  const N = '(\\d[\\d,]*)';

  const daily = section(text, /\b(?:past|last)\s+(\d+)\s+hours\b[^\n]*/i, /Since the cease-?fire|A number of victims/i, at);
  if (daily) {
    const hours = /(\d+)\s+hours/i.exec(daily.text)!;
    const periodHours = Number(hours[1]);
    // The figures follow the period: on the lines below it, or on its own line ("over the past 24 hours: 3 martyrs").
    const lines = daily.text.slice(hours.index + hours[0].length);
    const base = { since: null, asOf, periodHours };
    const martyrs = new RegExp(`Number of (?:Martyrs|deaths|dead|killed)\\s*:\\s*${N}|${N}\\s+(?:new(?:ly)?\\s+)?(?:martyrs?|deceased)\\b`, 'i').exec(lines);
    const killed = martyrs ? num(martyrs[1] ?? martyrs[2])! : 0;
    out.push(tally('killed', killed, daily, { ...base, subject: `deaths reported in the past ${periodHours} hours` }));
    // The breakdown, when the bulletin gives one: new deaths, deaths from earlier wounds, bodies recovered.
    const afterTotal = martyrs ? lines.slice(martyrs.index + martyrs[0].length) : '';
    const breakdown = /^[^\n]*\n?[^\n]*/.exec(afterTotal)?.[0] ?? '';
    const isBreakdown = /\(|\+|new|succumbed|recovered|rescued|deceased/i.test(breakdown);
    if (isBreakdown) {
      const fresh = new RegExp(`${N}\\s+new(?:ly)?\\s+(?:martyrs?|deceased)`, 'i').exec(breakdown);
      const succumbed = new RegExp(`${N}\\s+(?:martyrs?\\s+)?(?:who\\s+succumbed|injured with his injuries)`, 'i').exec(breakdown);
      const recovered = new RegExp(`${N}\\s+(?:martyrs?\\s+)?(?:whose\\s+bod(?:y|ies)\\s+(?:was|were)\\s+recovered|bod(?:y|ies)\\s+recovered|martyrs?\\s+recovered|rescued|recovered)`, 'i').exec(breakdown);
      if (fresh) out.push(tally('killed', num(fresh[1])!, daily, { ...base, subject: 'new deaths in the period' }));
      if (succumbed) out.push(tally('killed', num(succumbed[1])!, daily, { ...base, subject: 'died of earlier wounds in the period' }));
      if (recovered) out.push(tally('other', num(recovered[1])!, daily, { ...base, subject: 'bodies recovered in the period' }));
    } else if (martyrs && /succumbed/i.test(martyrs.input.slice(martyrs.index, martyrs.index + martyrs[0].length + 40))) {
      out.push(tally('killed', killed, daily, { ...base, subject: 'died of earlier wounds in the period' }));
    }
    const injuredAfter = new RegExp(`${N}\\s+(?:injuries|injured|wounded|injury)\\b`, 'i');
    const injuries =
      new RegExp(`Number of (?:Injuries|injured|wounded|injury)\\s*:\\s*${N}`, 'i').exec(lines) ??
      lines.split('\n').filter((l) => !/martyr/i.test(l)).map((l) => injuredAfter.exec(l)).find((m) => m !== null) ??
      injuredAfter.exec(lines) ??
      null;
    if (injuries) out.push(tally('injured', num(injuries[1])!, daily, { ...base, subject: `injuries reported in the past ${periodHours} hours` }));
    else if (/\bno\s+(?:new\s+)?(?:injuries|injured|wounded)\b/i.test(lines)) out.push(tally('injured', 0, daily, { ...base, subject: `injuries reported in the past ${periodHours} hours` }));
  }

  const warLine = new RegExp(`[^\\n]*(?:${WAR_SCOPE.source})`, 'i');
  const truce = section(text, /Since the cease-?fire[^\n]*/i, new RegExp(`${warLine.source}|Note|Ministry of Health\\s*\\n`, 'i'), at);
  if (truce) {
    // The heading runs to its colon ("Since the ceasefire (October 11):"); figures may follow on the same line.
    const line = /Since the cease-?fire[^\n]*/i.exec(truce.text)![0];
    const colon = line.indexOf(':');
    const head = colon >= 0 ? line.slice(0, colon + 1) : line;
    // Without a publication date, the bulletin's own date anchors "(October 11)".
    const start = findDates(head, published ?? asOf).find((d) => d.precision === 1)?.date ?? null;
    const base = { since: start, asOf, periodHours: null };
    const f = labelled(truce.text.slice(head.length));
    if (f.killed !== null) out.push(tally('killed', f.killed, truce, { ...base, subject: 'deaths since the ceasefire' }));
    if (f.injured !== null) out.push(tally('injured', f.injured, truce, { ...base, subject: 'injuries since the ceasefire' }));
    if (f.recovered !== null) out.push(tally('other', f.recovered, truce, { ...base, subject: 'bodies recovered since the ceasefire' }));
  }

  const cum = section(text, new RegExp(`(?:${WAR_SCOPE.source})[^\\n]*`, 'i'), /Note|Ministry of Health\s*\n/i, at);
  if (cum) {
    const base = { since: WAR_START, asOf, periodHours: null };
    // A heading line with a colon ends there; otherwise the figures are on the line itself ("… has risen to 73,890").
    const first = /^[^\n]*/.exec(cum.text)![0];
    const f = labelled(first.includes(':') ? cum.text.slice(first.indexOf(':') + 1) : cum.text);
    if (f.killed !== null) out.push(tally('killed', f.killed, cum, { ...base, subject: 'deaths since 7 October 2023' }));
    if (f.injured !== null) out.push(tally('injured', f.injured, cum, { ...base, subject: 'injuries since 7 October 2023' }));
  }

  const note = section(text, /Note:?[^\n]*/i, /\n\s*\n\s*\n|Ministry of Health\s*\n/i, at);
  if (note) {
    const added = new RegExp(`${N}\\s+martyrs?\\s+(?:have|has|were|was)\\s+(?:been\\s+)?added`, 'i').exec(note.text);
    if (added) out.push(tally('killed', num(added[1])!, note, { since: null, asOf, periodHours: null, subject: 'deaths added to the cumulative total after accreditation' }));
  }
  return out;
}

/** The header row of a bulletin laid out as a table ("| | Past 24 hours | Since ceasefire (11 Oct 2025) | Since 7 Oct
 * 2023 |"): one column per period, rows per figure. */
function tableHeader(text: string): { start: number; end: number; cells: string[] } | null {
  for (const m of text.matchAll(/^[^\n]*\|[^\n]*$/gm)) {
    const cells = cellsOf(m[0]);
    if (cells.some((c) => /\b\d+\s+hours\b/i.test(c)) && cells.some((c) => /cease-?fire|truce/i.test(c))) return { start: m.index!, end: m.index! + m[0].length, cells };
  }
  return null;
}

const cellsOf = (line: string) => line.replace(/^\s*\|/, '').replace(/\|\s*$/, '').split('|').map((c) => c.trim());

function parseTable(text: string, header: { end: number; cells: string[] }, published: string | null): ExtractedTally[] {
  const out: ExtractedTally[] = [];
  const asOf = reportDate(text, published);
  const columns = header.cells.map((c) => {
    const hours = /\b(\d+)\s+hours\b/i.exec(c);
    if (hours) return { kind: 'period' as const, periodHours: Number(hours[1]), since: null };
    const start = findDates(c, published ?? asOf).find((d) => d.precision === 1)?.date ?? null;
    if (/cease-?fire|truce/i.test(c)) return { kind: 'truce' as const, periodHours: null, since: start };
    if (/2023|cumulative|war|aggression/i.test(c)) return { kind: 'war' as const, periodHours: null, since: WAR_START };
    return null;
  });
  let offset = header.end;
  for (const line of text.slice(header.end).split('\n')) {
    const s: Section = { start: offset, end: offset + line.length, text: line };
    offset += line.length + 1;
    if (!line.includes('|')) continue;
    const cells = cellsOf(line);
    const label = cells[0]?.toLowerCase() ?? '';
    const metric: TallyMetric | null = /martyr|death|killed|dead|fatalit/.test(label) ? 'killed' : /injur|wound/.test(label) ? 'injured' : /recover|bodies/.test(label) ? 'other' : null;
    if (!metric) continue;
    cells.forEach((cell, i) => {
      const col = columns[i];
      const value = /^\d[\d,]*$/.test(cell) ? num(cell) : null;
      if (!col || value === null) return;
      const what = metric === 'killed' ? 'deaths' : metric === 'injured' ? 'injuries' : 'bodies recovered';
      const subject = col.kind === 'period' ? `${what} reported in the past ${col.periodHours} hours` : col.kind === 'truce' ? `${what} since the ceasefire` : `${what} since 7 October 2023`;
      out.push(tally(metric, value, s, { since: col.since, asOf, periodHours: col.periodHours, subject }));
    });
  }
  return out;
}

/** "Label: N" lines of a totals block, classified by what the label counts (the wording varies by day:
 * "Total number of martyrs", "Cumulative number of martyrs", "Total number of rescued cases" …). */
function labelled(block: string): { killed: number | null; injured: number | null; recovered: number | null } {
  const out = { killed: null as number | null, injured: null as number | null, recovered: null as number | null };
  const put = (label: string, value: number) => {
    if (/recover|rescued|retriev|bodies/.test(label)) out.recovered ??= value;
    else if (/martyr|death|killed|dead|fatalit/.test(label)) out.killed ??= value;
    else if (/injur|wound/.test(label)) out.injured ??= value;
  };
  for (const m of block.matchAll(/([A-Za-z][A-Za-z ]{2,60}?)\s*:\s*(\d[\d,]*)/g)) put(m[1]!.toLowerCase(), num(m[2])!);
  // Prose and run-on totals: "1,712 martyrs and 5,246 injured; 876 bodies recovered", "total martyrs 1,703; total
  // injuries 5,215". Dates are blanked first; a field already read from a "Label: N" line is kept.
  const prose = blankDates(block);
  for (const m of prose.matchAll(/(\d[\d,]*)[ \t]+((?:bod(?:y|ies)[ \t]+recovered|recovered[ \t]+bod(?:y|ies)|martyrs?|deaths?|dead|killed|injur(?:y|ies|ed)|wounded))\b/gi)) put(m[2]!.toLowerCase(), num(m[1])!);
  for (const m of prose.matchAll(/\b((?:total[ \t]+)?(?:bod(?:y|ies)[ \t]+recovered|martyrs|deaths|injuries|injured|wounded))[ \t]+(\d[\d,]*)/gi)) put(m[1]!.toLowerCase(), num(m[2])!);
  return out;
}

function parseArabic(text: string, published: string | null): ExtractedTally[] {
  const out: ExtractedTally[] = [];
  const t = toAscii(text);
  const asOf = published;
  const N = '(\\d[\\d,،]*)';
  const whole: Section = { start: 0, end: text.length, text };
  const period = /خلال\s*الـ?\s*(\d+)\s*ساعة/.exec(t);
  const periodHours = period ? Number(period[1]) : null;
  const since = /منذ وقف إطلاق النار\s*\(\s*(\d+)\s*أكتوبر/.exec(t);
  const sinceDate = since && published ? findDates(`${since[1]} October`, published)[0]?.date ?? null : null;
  const daily = t.split(/منذ وقف إطلاق النار/)[0] ?? '';
  const k = new RegExp(`عدد الشهداء[:\\s]*${N}|${N}\\s*شهداء|${N}\\s*شهيد`).exec(daily);
  out.push(tally('killed', k ? num(k[1] ?? k[2] ?? k[3])! : 0, whole, { asOf, periodHours, subject: 'deaths reported in the period' }));
  const i = new RegExp(`عدد الإصابات[:\\s]*${N}|${N}\\s*إصاب`).exec(daily);
  if (i) out.push(tally('injured', num(i[1] ?? i[2])!, whole, { asOf, periodHours, subject: 'injuries reported in the period' }));
  const tk = new RegExp(`إجمالي عدد الشهداء[:\\s]*${N}`).exec(t);
  const ti = new RegExp(`إجمالي عدد الإصابات[:\\s]*${N}`).exec(t);
  if (tk) out.push(tally('killed', num(tk[1])!, whole, { since: sinceDate, asOf, subject: 'deaths since the ceasefire' }));
  if (ti) out.push(tally('injured', num(ti[1])!, whole, { since: sinceDate, asOf, subject: 'injuries since the ceasefire' }));
  const ck = new RegExp(`العدد التراكمي للشهداء[:\\s]*${N}`).exec(t);
  const ci = new RegExp(`العدد التراكمي للإصابات[:\\s]*${N}`).exec(t);
  if (ck) out.push(tally('killed', num(ck[1])!, whole, { since: WAR_START, asOf, subject: 'deaths since 7 October 2023' }));
  if (ci) out.push(tally('injured', num(ci[1])!, whole, { since: WAR_START, asOf, subject: 'injuries since 7 October 2023' }));
  return out;
}
