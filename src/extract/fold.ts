// Transliteration folding for place and person names. Arabic and Hebrew names reach English news in many
// spellings (Shuja'iyya / Shejaiya / Shujaiya, Nabatiyeh al-Fawqa / Nabatiye el Faouqa, Zeitoun / Zaytun), and no
// alias list covers them all, so names are compared through two keys:
// - `foldName`: a light key that removes what never distinguishes two places (case, diacritics, apostrophes and
//   ayn marks, the article al-/el-/ash-…, doubled letters) and merges common spelling pairs (ou/u, ei/ay, ch/sh,
//   q/k, -iyeh/-iya, a final h after a vowel).
// - `skeletonKey`: the consonant skeleton of the folded name (vowels and glides dropped except at word start).
//   It is much more permissive, so callers use it only for long names and only when it is unambiguous.

const ARTICLES = new Set([
  'al', 'el', 'an', 'en', 'ash', 'esh', 'ech', 'as', 'es', 'at', 'et', 'az', 'ez', 'ad', 'ed', 'ar', 'er', 'ej', 'the', 'ul',
]);

function foldWord(w: string): string {
  let s = w;
  s = s.replace(/ou/g, 'u').replace(/oo/g, 'u').replace(/ee/g, 'i');
  s = s.replace(/dj/g, 'j').replace(/(?<!k|s)ch/g, 'sh').replace(/q/g, 'k').replace(/ph/g, 'f');
  s = s.replace(/([aeiou])w/g, '$1u');
  s = s.replace(/(ai|ay|ei|ey)/g, 'ay');
  s = s.replace(/(.)\1+/g, '$1');
  s = s.replace(/([aeiouy])h$/, '$1');
  // -iyeh, -iye, -ieh, -iya, -iyah, -ia: one ending.
  s = s.replace(/(iy[ae]|ie|ia|ye)$/, 'iya');
  return s;
}

// Folding is pure and the same capitalised word groups recur in every text: a bounded memo saves most of the work.
const memo = new Map<string, string>();

/** Light key: equal for spellings that differ only in marks, articles, doubling and common transliteration pairs. */
export function foldName(name: string): string {
  const hit = memo.get(name);
  if (hit !== undefined) return hit;
  if (memo.size > 100_000) memo.clear();
  const key = computeFold(name);
  memo.set(name, key);
  return key;
}

function computeFold(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`ʿʾ´]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (base === '') return '';
  const words = base.split(' ');
  const kept = words.filter((w, i) => !(ARTICLES.has(w) && i < words.length - 1));
  return kept.map(foldWord).join(' ');
}

/** Consonant skeleton of an already folded key: "shujaya" → "shj", "nabatiya fauka" → "nbt fk". */
export function skeletonKey(folded: string): string {
  return folded
    .split(' ')
    .map((w) => (w[0] ?? '') + w.slice(1).replace(/[aeiouyw]/g, '').replace(/h(?=\b|$)/g, ''))
    .map((w) => w.replace(/(.)\1+/g, '$1'))
    .join(' ');
}

/** Number of consonants in a skeleton (a word-initial vowel does not count): short skeletons collide too often
 * to be trusted ("Ain al-Samahiya" and "'Ein Samiya" both reduce to "an sm"). */
export const skeletonStrength = (skeleton: string): number => skeleton.replace(/\b[aeiouy]/g, '').replace(/[^a-z]/g, '').length;
