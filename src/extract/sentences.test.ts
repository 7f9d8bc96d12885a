import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitClauses, splitSentences } from './sentences.ts';

test('sentences: abbreviations and initials do not end a sentence; offsets point into the text', () => {
  const text = 'The U.S. envoy met Gen. Smith on Nov. 3 in Washington, D.C.. Talks resumed. “We are ready,” he said.';
  const s = splitSentences(text);
  assert.deepEqual(s.map((x) => x.text), [
    'The U.S. envoy met Gen. Smith on Nov. 3 in Washington, D.C..',
    'Talks resumed.',
    '“We are ready,” he said.',
  ]);
  for (const x of s) assert.equal(text.slice(x.start, x.end), x.text);
});

test('sentences: a line break ends a sentence (headlines, bullets)', () => {
  assert.equal(splitSentences('Headline without a stop\nBody text here.').length, 2);
});

test('clauses: split at "while", before a running-total participle, not inside a list of names', () => {
  const [s] = splitSentences('Shelling killed three people, bringing the toll to 90, while aid stalled.');
  assert.deepEqual(splitClauses(s!).map((c) => c.text), ['Shelling killed three people', 'bringing the toll to 90', 'aid stalled.']);
  const [l] = splitSentences('Chad, Mali, and Niger have pledged troops.');
  assert.equal(splitClauses(l!).length, 1);
});
