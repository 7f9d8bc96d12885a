// The one date resolver. News dates are relative to the publication date and point to the past: "on Tuesday" is
// the latest Tuesday not after publication, "October 10" is the latest October 10 not after publication, and a
// number after a date is not a year unless it looks like one ("15 October, 30 trucks" is not the year 30 or 2030).
// Pure: the publication date is passed in; without it, only dates that carry their own year resolve.

export type DatePrecision = 1 | 2 | 3;

export interface DateMention {
  /** ISO date; the first of the month when only the month is known (precision 3). */
  date: string;
  precision: DatePrecision;
  start: number;
  end: number;
  kind: 'absolute' | 'weekday' | 'relative' | 'month' | 'month-end' | 'month-start';
  /** The date was given with an explicit year. */
  explicitYear: boolean;
}

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7, jul: 7,
  august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTH = '(January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(?:,?\\s+((?:19|20)\\d{2})(?!\\d|,\\d))?';

// Month names must be capitalised (the patterns are case-sensitive), so the verb "may" is never a month.
const PATTERNS: { re: RegExp; kind: DateMention['kind'] }[] = [
  { re: new RegExp(`\\b(?:the\\s+)?end\\s+of\\s+${MONTH}(?:\\s+((?:19|20)\\d{2}))?\\b`, 'g'), kind: 'month-end' },
  { re: new RegExp(`\\b${MONTH}\\s+${DAY}\\b${YEAR}`, 'g'), kind: 'absolute' },
  { re: new RegExp(`\\b${DAY}\\s+(?:of\\s+)?${MONTH}(?![a-z])${YEAR}`, 'g'), kind: 'absolute' },
  { re: new RegExp(`\\b${MONTH}\\s+((?:19|20)\\d{2})\\b`, 'g'), kind: 'month' },
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/g, kind: 'absolute' },
  // "27/11/2024", "7/10/2023": day first, as ministries in the region and Europe write it (month first only when the
  // second number cannot be a month).
  { re: /\b(\d{1,2})\/(\d{1,2})\/((?:19|20)\d{2})\b/g, kind: 'absolute' },
  // "since the start of the month" / "the beginning of this month": the 1st of the publication's month.
  { re: /\b(?:the\s+)?(?:start|beginning)\s+of\s+(?:the|this)\s+month\b/gi, kind: 'month-start' },
  { re: /\b(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)(?:['’]s)?\b/g, kind: 'weekday' },
  { re: /\b(yesterday|today|tonight|last night|this morning|this afternoon|this evening|earlier today|overnight|(?:one|two|three|four|five|six|seven|\d+) days? ago|the previous day|the day before|the previous night|the night before|last week|earlier this week|earlier this month|last month)\b/gi, kind: 'relative' },
];

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

function toUtc(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}
export function addDays(iso: string, days: number): string {
  const d = toUtc(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1;
}
const monthOf = (s: string) => MONTHS[s.toLowerCase().replace(/\.$/, '')];
const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const WORD_NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7 };

/** Is `iso` a valid calendar date written as YYYY-MM-DD? */
export function isIsoDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return !!m && validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** All dates in `text` resolved against `published` (YYYY-MM-DD or null). Spans are offset by `offset`. */
export function findDates(text: string, published: string | null, offset = 0): DateMention[] {
  const found: DateMention[] = [];
  const taken: [number, number][] = [];
  const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && e > a);
  const pubYear = published ? Number(published.slice(0, 4)) : null;

  for (const { re, kind } of PATTERNS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const s = m.index!;
      const e = s + m[0].length;
      if (overlaps(s, e)) continue;
      const mention = resolve(m, kind, published, pubYear);
      if (!mention) continue;
      taken.push([s, e]);
      found.push({ ...mention, start: s + offset, end: e + offset });
    }
  }
  found.sort((a, b) => a.start - b.start);
  // "Monday (13 October)" / "Wednesday, October 15": the weekday and the explicit date are one mention.
  for (let i = 0; i + 1 < found.length; i++) {
    const a = found[i]!, b = found[i + 1]!;
    const gap = text.slice(a.end - offset, b.start - offset);
    if (a.kind === 'weekday' && b.kind === 'absolute' && /^\s*[(,]?\s*$/.test(gap)) {
      found.splice(i, 2, { ...b, start: a.start, end: b.end + (text[b.end - offset] === ')' ? 1 : 0) });
    }
    // "overnight into Wednesday" / "overnight to 3 May" is that day (as "the night of Friday to Saturday" is the
    // Saturday), not the night before publication.
    else if (a.kind === 'relative' && /^overnight$/i.test(text.slice(a.start - offset, a.end - offset)) && /^\s+(?:into|to)\s+$/i.test(gap) && (b.kind === 'weekday' || b.kind === 'absolute')) {
      found.splice(i, 2, { ...b, start: a.start });
    }
  }
  // "the previous night, the mayor said on Thursday": the day before the other day the sentence names, not the day
  // before publication.
  for (const d of found) {
    if (d.kind !== 'relative' || !/^the (?:previous|day|night)/i.test(text.slice(d.start - offset, d.end - offset))) continue;
    const anchor = found.find((x) => x !== d && x.precision === 1 && (x.kind === 'weekday' || x.kind === 'absolute'));
    if (anchor) d.date = addDays(anchor.date, -1);
  }
  return found;
}

function resolve(
  m: RegExpMatchArray,
  kind: DateMention['kind'],
  published: string | null,
  pubYear: number | null,
): Omit<DateMention, 'start' | 'end'> | null {
  if (kind === 'month-end') {
    const month = monthOf(m[1]!)!;
    let year = m[2] ? Number(m[2]) : pubYear;
    if (year === null) return null;
    if (!m[2] && published && isoDate(year, month, lastDayOf(year, month)) > published && month > Number(published.slice(5, 7))) year -= 1;
    return { date: isoDate(year, month, lastDayOf(year, month)), precision: 1, kind, explicitYear: !!m[2] };
  }
  if (kind === 'absolute') {
    let month: number, day: number, yearText: string | undefined;
    if (/^\d{4}-/.test(m[0])) {
      const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
      return validDay(y, mo, d) ? { date: isoDate(y, mo, d), precision: 1, kind, explicitYear: true } : null;
    }
    if (/^\d{1,2}\//.test(m[0])) {
      const a = Number(m[1]), b = Number(m[2]), y = Number(m[3]);
      const [d, mo] = b > 12 && a <= 12 ? [b, a] : [a, b];
      if (!validDay(y, mo, d) || (published !== null && isoDate(y, mo, d) > published)) return null;
      return { date: isoDate(y, mo, d), precision: 1, kind, explicitYear: true };
    }
    if (/^\d/.test(m[1]!)) {
      day = Number(m[1]);
      month = monthOf(m[2]!)!;
      yearText = m[3];
    } else {
      month = monthOf(m[1]!)!;
      day = Number(m[2]);
      yearText = m[3];
    }
    let year: number | null = yearText ? Number(yearText) : null;
    // A "year" later than publication is a count ("15 October, 2030 trucks") or a typo: not a year.
    if (year !== null && pubYear !== null && year > pubYear + 1) year = null;
    const explicitYear = year !== null;
    if (year === null) {
      if (pubYear === null || published === null) return null;
      year = pubYear;
      if (validDay(year, month, day) && isoDate(year, month, day) > published) year -= 1;
    }
    if (!validDay(year, month, day)) return null;
    return { date: isoDate(year, month, day), precision: 1, kind, explicitYear };
  }
  if (kind === 'month-start') {
    if (published === null) return null;
    return { date: `${published.slice(0, 8)}01`, precision: 1, kind, explicitYear: false };
  }
  if (kind === 'month') {
    const month = monthOf(m[1]!)!;
    const year = Number(m[2]);
    return { date: isoDate(year, month, 1), precision: 3, kind, explicitYear: true };
  }
  if (published === null) return null;
  if (kind === 'weekday') {
    const target = WEEKDAYS.indexOf(m[1]!.toLowerCase());
    const pubDay = toUtc(published).getUTCDay();
    let back = (pubDay - target + 7) % 7; // same weekday as publication: that day (news of the day itself)
    // "last Thursday" written on a Thursday is a week ago.
    if (back === 0 && /\blast\s+$/i.test(m.input!.slice(Math.max(0, m.index! - 6), m.index!))) back = 7;
    return { date: addDays(published, -back), precision: 1, kind, explicitYear: false };
  }
  const word = m[1]!.toLowerCase();
  const ago = /^(\w+) days? ago$/.exec(word);
  if (ago) {
    const n = WORD_NUMBERS[ago[1]!] ?? Number(ago[1]);
    return Number.isFinite(n) ? { date: addDays(published, -n), precision: 1, kind, explicitYear: false } : null;
  }
  switch (word) {
    case 'yesterday':
    case 'last night':
    case 'the previous day':
    case 'the day before':
    case 'the previous night':
    case 'the night before':
      return { date: addDays(published, -1), precision: 1, kind, explicitYear: false };
    case 'last week':
    case 'earlier this week':
      return { date: addDays(published, -7), precision: 2, kind, explicitYear: false };
    case 'earlier this month':
      return { date: `${published.slice(0, 8)}01`, precision: 3, kind, explicitYear: false };
    case 'last month': {
      const d = toUtc(published);
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() - 1);
      return { date: d.toISOString().slice(0, 10), precision: 3, kind, explicitYear: false };
    }
    default:
      return { date: published, precision: 1, kind, explicitYear: false };
  }
}
