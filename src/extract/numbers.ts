// The one number parser: digits ("68,865", "1.2 million"), words ("five", "twenty-one", "one hundred and five"),
// the qualifier in front ("at least", "up to", "nearly") and the vague quantities ACLED codes by rule
// ("dozens" → 12, "several" → 3). Every mention keeps its character span so evidence can be highlighted.

export type Qualifier = 'at least' | 'more than' | 'up to' | 'about' | 'nearly' | 'fewer than' | null;

export interface NumberMention {
  value: number;
  start: number;
  end: number;
  /** Span including the qualifier ("at least 44"). */
  phraseStart: number;
  qualifier: Qualifier;
  /** A vague quantity coded by ACLED's rule, not a figure the text states. */
  vague: boolean;
  /** Written with digits (true) or words (false). */
  digits: boolean;
}

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000, billion: 1_000_000_000 };
const VAGUE: Record<string, number> = { dozens: 12, several: 3, scores: 20, hundreds: 100, thousands: 1000, 'a dozen': 12, dozen: 12 };

const QUALIFIERS: [RegExp, Qualifier][] = [
  [/(?:at least|no fewer than|not less than|a minimum of)\s+$/i, 'at least'],
  [/(?:more than|over|upwards of|in excess of|above)\s+$/i, 'more than'],
  [/(?:up to|as many as|a maximum of)\s+$/i, 'up to'],
  [/(?:about|around|approximately|roughly|some|an estimated|estimated|almost|close to)\s+$/i, 'about'],
  [/(?:nearly|almost)\s+$/i, 'nearly'],
  [/(?:fewer than|less than|under)\s+$/i, 'fewer than'],
];

const WORD = '(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion)';
const NUMBER_RE = new RegExp(
  [
    // digits with thousands separators or decimals, optionally scaled: "68,865", "1.2 million", "14 million"
    String.raw`(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(million|billion|thousand))?(?![\w])`,
    // words: "twenty-one", "one hundred and five", "two thousand"
    // ("and" only after a scale word, so "between five and six" stays two numbers)
    String.raw`\b(${WORD}(?:[\s-]+${WORD})*(?:(?<=hundred|thousand|million)\s+and\s+${WORD}(?:[\s-]+${WORD})*)?)\b`,
    // vague quantities
    String.raw`\b(dozens|several|scores|hundreds|thousands|a dozen)\b`,
  ].join('|'),
  'gi',
);

function wordsToNumber(phrase: string): number | null {
  let total = 0;
  let current = 0;
  let seen = false;
  for (const raw of phrase.toLowerCase().split(/[\s-]+/)) {
    if (raw === 'and' || raw === '') continue;
    if (raw in UNITS) current += UNITS[raw]!;
    else if (raw in TENS) current += TENS[raw]!;
    else if (raw === 'hundred') current = (current || 1) * 100;
    else if (raw in SCALES) {
      total += (current || 1) * SCALES[raw]!;
      current = 0;
    } else return null;
    seen = true;
  }
  return seen ? total + current : null;
}

/** All numbers in `text`, in order. `offset` is added to every span (for sentences inside a document). */
export function findNumbers(text: string, offset = 0): NumberMention[] {
  const out: NumberMention[] = [];
  NUMBER_RE.lastIndex = 0;
  for (const m of text.matchAll(NUMBER_RE)) {
    const start = m.index!;
    const end = start + m[0].length;
    let value: number | null;
    let vague = false;
    let digits = false;
    if (m[1] !== undefined) {
      digits = true;
      value = Number(m[1].replace(/,/g, ''));
      if (m[2]) value = Math.round(value * SCALES[m[2].toLowerCase()]!);
    } else if (m[3] !== undefined) {
      // "one" as a pronoun ("one of the", "the one who") is not a count of anything by itself; callers decide.
      value = wordsToNumber(m[3]);
    } else {
      value = VAGUE[m[4]!.toLowerCase()] ?? null;
      vague = true;
    }
    if (value === null || !Number.isFinite(value)) continue;
    const before = text.slice(Math.max(0, start - 24), start);
    let qualifier: Qualifier = null;
    let phraseStart = start;
    for (const [re, q] of QUALIFIERS) {
      const qm = re.exec(before);
      if (qm) {
        qualifier = q;
        phraseStart = start - qm[0].length;
        break;
      }
    }
    out.push({ value, start: start + offset, end: end + offset, phraseStart: phraseStart + offset, qualifier, vague, digits });
  }
  return out;
}

/** Parses a standalone number ("five", "20,000", "1.2 million"); null when the text is not one number. */
export function parseNumber(text: string): number | null {
  const found = findNumbers(text.trim());
  const first = found[0];
  if (found.length !== 1 || !first || first.vague) return null;
  return first.end - first.phraseStart >= text.trim().length - 1 || first.end - first.start === text.trim().length ? first.value : null;
}

export interface Estimate {
  low: number;
  best: number;
  high: number;
}

/** The UCDP-style estimate a figure stands for. The qualifier is dropped from `best` (annotation rule: "at least
 * 44" → 44), and kept as an open bound where it says one. */
export function estimateOf(n: Pick<NumberMention, 'value' | 'qualifier'>): Estimate {
  switch (n.qualifier) {
    case 'up to':
    case 'fewer than':
      return { low: 0, best: n.value, high: n.value };
    default:
      return { low: n.value, best: n.value, high: n.value };
  }
}
