import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDates, isIsoDate } from './dates.ts';

const first = (t: string, published: string | null) => findDates(t, published)[0]?.date ?? null;

test('dates: a weekday is its latest occurrence not after publication (same weekday = that day)', () => {
  assert.equal(first('the raid on Tuesday', '2025-05-28'), '2025-05-27'); // published on a Wednesday
  assert.equal(first('Tuesday’s shooting', '2025-10-14'), '2025-10-14'); // published on a Tuesday
  assert.equal(first('on Sunday night', '2025-11-20'), '2025-11-16');
});

test('dates: a day and month without a year is never in the future', () => {
  assert.equal(first('since the truce began on October 10', '2025-12-20'), '2025-10-10');
  assert.equal(first('on 28 December', '2026-01-03'), '2025-12-28');
});

test('dates: a count after a date is not read as a year', () => {
  const d = findDates('Between 12 and 15 October, 30 trucks crossed', '2025-11-20');
  assert.deepEqual(d.map((x) => x.date), ['2025-10-15']);
});

test('dates: explicit years, month-only dates and month ends', () => {
  assert.equal(first('since the war began on 7 October 2023', '2025-11-02'), '2023-10-07');
  const month = findDates('since October 2023', '2025-11-02')[0]!;
  assert.deepEqual([month.date, month.precision], ['2023-10-01', 3]);
  assert.equal(first('until the end of October', '2025-11-02'), '2025-10-31');
});

test('dates: a weekday followed by its date is one mention', () => {
  const d = findDates('released four on Monday (13 October).', '2025-10-15');
  assert.equal(d.length, 1);
  assert.equal(d[0]!.date, '2025-10-13');
});

test('dates: relative words resolve against publication, and nothing resolves without it', () => {
  assert.equal(first('killed a farmer yesterday', '2025-05-30'), '2025-05-29');
  assert.equal(first('killed a farmer yesterday', null), null);
  assert.equal(first('two days ago', '2025-05-30'), '2025-05-28');
});

test('dates: ISO date validation', () => {
  assert.equal(isIsoDate('2025-02-29'), false);
  assert.equal(isIsoDate('2024-02-29'), true);
  assert.equal(isIsoDate('2025-1-01'), false);
});

test('dates: a year followed by a comma is still the year; a count after the comma is not', () => {
  assert.equal(first('As of October 7, 2023, the count stood', '2025-11-22'), '2023-10-07');
  assert.equal(first('On 15 October, 2,000 trucks waited', '2025-11-22'), '2025-10-15');
});

test('dates: "overnight into Wednesday" is the Wednesday, one mention', () => {
  const d = findDates('Drones hit a substation overnight into Wednesday, the governor said.', '2026-11-12'); // a Thursday
  assert.deepEqual(d.map((x) => x.date), ['2026-11-11']);
  assert.equal(first('shelling overnight, medics said', '2026-11-12'), '2026-11-12');
});

test('dates: "the previous night" is the day before the other day the sentence names', () => {
  const ds = findDates('A house was hit the previous night, the mayor said on Thursday.', '2026-11-28');
  assert.deepEqual(ds.map((d) => d.date), ['2026-11-25', '2026-11-26']);
  assert.equal(first('A house was hit the previous night.', '2026-11-28'), '2026-11-27');
});

test('dates: "27/11/2024" is day first (month first only when the second number cannot be a month); "the start of the month"', () => {
  assert.equal(first('since the agreement on 27/11/2024', '2026-11-28'), '2024-11-27');
  assert.equal(first('since 7/10/2023', '2026-11-28'), '2023-10-07');
  assert.equal(first('on 11/25/2026', '2026-11-28'), '2026-11-25');
  assert.equal(first('on 11/12/2027', '2026-11-28'), null, 'never in the future');
  assert.equal(first('violations since the start of the month', '2026-11-27'), '2026-11-01');
});
