// Text similarity between two reports' wording. We use TF-IDF weighted word tokens and cosine similarity:
// two outlets describing one strike share its distinctive words ("Jabalia", "school", "shelter", "drone")
// while the common words of every report ("killed", "Israeli", "Gaza") are discounted by their document
// frequency across the batch. Numbers are left out on purpose: conflicting figures are the norm for one event
// and must not push two reports apart. Word shingles longer than one word were tried in thought and rejected:
// reports of one event are rarely worded alike beyond single words.
import { foldName } from '../extract/fold.ts';

const STOP = new Set(
  'the a an and or of in on at to for from by with as was were is are be been has have had that this these those it its their his her they he she said says say according after before during while which who whom when where than then into over under near about also other more most some any all not no but least at'.split(' '),
);

// The same words recur in every report of a batch ("strike", "killed", place names): folding one costs a
// normalisation and a dozen regular expressions, so each raw word's token (or '' when it is dropped) is memoised.
const wordMemo = new Map<string, string>();

function tokenOf(raw: string): string {
  if (raw.length < 3 || /\d/.test(raw)) return '';
  let t = foldName(raw).replace(/[\s'-]+/g, '');
  if (t.length < 3 || STOP.has(t)) return '';
  // A crude plural fold so "strikes" meets "strike"; enough for matching, not a stemmer.
  if (t.length > 4 && t.endsWith('s') && !t.endsWith('ss')) t = t.slice(0, -1);
  return t;
}

const WORD_BREAK = /[^\p{L}\p{N}'-]+/u;
// The same split for text without a character beyond ASCII (most reports), where letters and digits are A-Z, a-z,
// 0-9: a Unicode-property pattern costs five times as much to run.
const ASCII_WORD_BREAK = /[^A-Za-z0-9'-]+/;
const BEYOND_ASCII = /[^\x00-\x7f]/;

function words(text: string): string[] {
  return text.split(BEYOND_ASCII.test(text) ? WORD_BREAK : ASCII_WORD_BREAK);
}

function tokenOfWord(raw: string): string {
  let t = wordMemo.get(raw);
  if (t === undefined) {
    if (wordMemo.size > 100_000) wordMemo.clear();
    wordMemo.set(raw, (t = tokenOf(raw)));
  }
  return t;
}

/**
 * The wording of a batch of reports as sparse unit vectors, one per report, packed into shared arrays (one
 * allocation for the batch, not two per report): report k's terms are `terms[start[k] .. start[k + 1])`, ascending,
 * with their `weights`. Terms are ranks in the batch's alphabetically sorted vocabulary, so comparing two vectors
 * compares integers, not strings, yet visits the terms in the same order as comparing the words would. Each term
 * is weighted by its smoothed inverse document frequency over the batch (as scikit-learn's: never zero, so a word
 * every report shares still counts a little).
 */
export interface TextVectors {
  start: Int32Array;
  terms: Int32Array;
  weights: Float64Array;
}

export function textVectors(texts: readonly string[]): TextVectors {
  // Pass 1: each report's distinct tokens as ids in order of first appearance in the batch.
  const idOfWord = new Map<string, number>(); // raw word → id, or -1 when the word is no token
  const idOfToken = new Map<string, number>();
  const vocabulary: string[] = [];
  const df: number[] = [];
  const seenIn: number[] = []; // id → last report it was counted for: a token counts once per report
  const start = new Int32Array(texts.length + 1);
  let ids: number[] = [];
  for (let k = 0; k < texts.length; k++) {
    for (const raw of words(texts[k]!)) {
      let id = idOfWord.get(raw);
      if (id === undefined) {
        const t = tokenOfWord(raw);
        if (t === '') id = -1;
        else {
          id = idOfToken.get(t);
          if (id === undefined) {
            idOfToken.set(t, (id = vocabulary.length));
            vocabulary.push(t);
            df.push(0);
            seenIn.push(-1);
          }
        }
        idOfWord.set(raw, id);
      }
      if (id < 0 || seenIn[id] === k) continue;
      seenIn[id] = k;
      df[id]!++;
      ids.push(id);
    }
    start[k + 1] = ids.length;
  }

  // Pass 2: ids → alphabetical ranks, each report's terms sorted, weighted and normalised.
  const order = vocabulary.map((_, id) => id).sort((a, b) => (vocabulary[a]! < vocabulary[b]! ? -1 : vocabulary[a]! > vocabulary[b]! ? 1 : 0));
  const rankOf = new Int32Array(vocabulary.length);
  const weightOfRank = new Float64Array(vocabulary.length);
  const n = texts.length;
  order.forEach((id, rank) => {
    rankOf[id] = rank;
    weightOfRank[rank] = Math.log((1 + n) / (1 + df[id]!)) + 1;
  });
  const terms = new Int32Array(ids.length); // (Int32Array.from with a mapping function is ten times slower)
  for (let m = 0; m < ids.length; m++) terms[m] = rankOf[ids[m]!]!;
  ids = [];
  const weights = new Float64Array(terms.length);
  for (let k = 0; k < n; k++) {
    const s = start[k]!;
    const e = start[k + 1]!;
    // A report has a dozen terms or so: insertion sort, in place, without a view object per report.
    // A long one (an article's wording) is sorted as a typed array.
    if (e - s > 32) terms.subarray(s, e).sort();
    else for (let m = s + 1; m < e; m++) {
      const v = terms[m]!;
      let q = m - 1;
      while (q >= s && terms[q]! > v) {
        terms[q + 1] = terms[q]!;
        q--;
      }
      terms[q + 1] = v;
    }
    let sum = 0;
    for (let m = s; m < e; m++) {
      const w = weightOfRank[terms[m]!]!;
      weights[m] = w;
      sum += w * w;
    }
    const norm = Math.sqrt(sum) || 1;
    for (let m = s; m < e; m++) weights[m] = weights[m]! / norm;
  }
  return { start, terms, weights };
}

/** Cosine similarity of reports `a` and `b` (a merge of their sorted term lists, linear in their lengths). */
export function cosine(v: TextVectors, a: number, b: number): number {
  const { start, terms, weights } = v;
  let i = start[a]!;
  const ie = start[a + 1]!;
  let j = start[b]!;
  const je = start[b + 1]!;
  let s = 0;
  while (i < ie && j < je) {
    const x = terms[i]!;
    const y = terms[j]!;
    if (x === y) s += weights[i++]! * weights[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return Math.min(1, s);
}
