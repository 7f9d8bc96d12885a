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

/** Distinct content tokens of a text: folded (accents, case, transliteration), stopwords and numbers dropped. */
export function tokens(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text.split(/[^\p{L}\p{N}'-]+/u)) {
    if (raw.length < 3 || /\d/.test(raw)) continue;
    let t = foldName(raw).replace(/[\s'-]+/g, '');
    if (t.length < 3 || STOP.has(t)) continue;
    // A crude plural fold so "strikes" meets "strike"; enough for matching, not a stemmer.
    if (t.length > 4 && t.endsWith('s') && !t.endsWith('ss')) t = t.slice(0, -1);
    out.add(t);
  }
  return [...out];
}

/** Sparse unit vector of a report's tokens, weighted by inverse document frequency over the batch. */
export interface TextVector {
  terms: string[];
  weights: number[];
}

export function idfOf(docs: readonly string[][]): Map<string, number> {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const idf = new Map<string, number>();
  // Smoothed IDF (as scikit-learn's): never zero, so a word every report shares still counts a little.
  for (const [t, f] of df) idf.set(t, Math.log((1 + n) / (1 + f)) + 1);
  return idf;
}

export function vectorOf(toks: readonly string[], idf: ReadonlyMap<string, number>): TextVector {
  const sorted = [...toks].sort();
  const weights = sorted.map((t) => idf.get(t) ?? 1);
  const norm = Math.sqrt(weights.reduce((s, w) => s + w * w, 0)) || 1;
  return { terms: sorted, weights: weights.map((w) => w / norm) };
}

/** Cosine similarity of two unit vectors (merge of sorted term lists, linear in their lengths). */
export function cosine(a: TextVector, b: TextVector): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.terms.length && j < b.terms.length) {
    const x = a.terms[i]!;
    const y = b.terms[j]!;
    if (x === y) s += a.weights[i++]! * b.weights[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return Math.min(1, s);
}
