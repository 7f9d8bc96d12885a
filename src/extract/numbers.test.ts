import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateOf, findNumbers, parseNumber } from './numbers.ts';

const values = (t: string) => findNumbers(t).map((n) => n.value);

test('numbers: digits with separators, decimals and scale words', () => {
  assert.deepEqual(values('some 68,865 dead and 1.2 million displaced; 14 million meals'), [68865, 1_200_000, 14_000_000]);
});

test('numbers: number words, hyphenated and with hundreds', () => {
  assert.deepEqual(values('five boys, twenty-one women and one hundred and five men'), [5, 21, 105]);
  assert.equal(parseNumber('twenty-one'), 21);
});

test('numbers: "and" joins only after a scale word, so a range stays two numbers', () => {
  assert.deepEqual(values('between five and six'), [5, 6]);
});

test('numbers: the qualifier is kept beside the value and dropped from the best estimate', () => {
  const [n] = findNumbers('at least 44 people');
  assert.equal(n?.qualifier, 'at least');
  assert.deepEqual(estimateOf(n!), { low: 44, best: 44, high: 44 });
  const [u] = findNumbers('up to 20,000 troops');
  assert.deepEqual(estimateOf(u!), { low: 0, best: 20000, high: 20000 });
});

test('numbers: vague quantities are coded by ACLED rule and flagged as vague', () => {
  const [d, s] = findNumbers('dozens wounded and several missing');
  assert.deepEqual([d?.value, d?.vague, s?.value, s?.vague], [12, true, 3, true]);
});
