// Sentence splitting with character offsets. Offsets into the original text are what the review queue needs to
// highlight evidence, so nothing here rewrites the text: a sentence is a [start, end) span.
// News prose is regular enough for rules: a stop (. ! ?), optionally followed by a closing quote or bracket, then
// whitespace and a capital, digit or opening quote. Line breaks always end a sentence (headlines, bullets).

export interface Span {
  start: number;
  end: number;
  text: string;
}

// Abbreviations after which a full stop does not end the sentence.
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'lt', 'col', 'maj', 'capt', 'cpt', 'sgt', 'adm', 'brig', 'rep', 'sen', 'gov',
  'st', 'no', 'vs', 'etc', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mt',
  'jr', 'sr', 'inc', 'ltd', 'co', 'corp', 'approx', 'est', 'fig', 'al',
]);

const OPENERS = /["“‘'(\[A-Z0-9\u00C0-\u024F]/;

export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) spans.push({ start: s, end: e, text: text.slice(s, e) });
    start = end;
  };
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (c === '\n') {
      push(i);
      continue;
    }
    if (c !== '.' && c !== '!' && c !== '?') continue;
    // Extend over closing quotes/brackets and repeated stops ("D.C..").
    let j = i + 1;
    while (j < n && /[.”"’'\)\]]/.test(text[j]!)) j++;
    if (j < n && !/\s/.test(text[j]!)) continue; // "U.S.", "3.5", "gaza.com"
    let k = j;
    while (k < n && /[ \t\u00A0]/.test(text[k]!)) k++;
    if (k < n && text[k] !== '\n' && !OPENERS.test(text[k]!)) continue;
    if (c === '.') {
      // The word before the stop: an abbreviation or a single capital (initials, "U.S.") does not end a sentence.
      const m = /([A-Za-z]+)$/.exec(text.slice(Math.max(0, i - 12), i));
      const word = m?.[1] ?? '';
      if (word && (ABBREVIATIONS.has(word.toLowerCase()) || /^[A-Z]$/.test(word))) {
        // "... in Washington, D.C.. The meeting" still ends: a doubled stop closes the sentence.
        if (!(text[i + 1] === '.')) continue;
      }
    }
    push(j);
  }
  push(n);
  return spans;
}

/** Clauses inside a sentence, split where news joins two statements about different subjects. */
export function splitClauses(sentence: Span): Span[] {
  // Also before a participle that starts a running total ("…, bringing the total to 400") and at dashes.
  const re = /(?:,\s*(?:while|whereas|although|though|but|with)\s+|;\s+|\s+(?:while|whereas|although|but)\s+|\s+[—–]\s+|,\s*and\s+(?=[a-z])|,\s*(?=(?:bringing|raising|taking|pushing|lifting|increasing)\b))/g;
  const out: Span[] = [];
  let last = 0;
  for (const m of sentence.text.matchAll(re)) {
    const cut = m.index!;
    if (cut > last) out.push(sub(sentence, last, cut));
    last = cut + m[0].length;
  }
  if (last < sentence.text.length) out.push(sub(sentence, last, sentence.text.length));
  return out.filter((c) => c.text.trim() !== '');
}

function sub(s: Span, from: number, to: number): Span {
  return { start: s.start + from, end: s.start + to, text: s.text.slice(from, to) };
}
