import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundledLexicon } from './bundled.ts';
import { extract } from './index.ts';

const lexicon = bundledLexicon();
const tallies = (text: string, published = '2025-11-09') =>
  extract(text, lexicon, { published }).tallies.map((t) => [t.metric, t.value, t.since, t.periodHours]);

test('tallies: period counts and totals since the ceasefire, dated where the text dates them', () => {
  const text =
    'The health ministry said on Sunday that four Palestinians were killed and nine wounded in the past 24 hours. ' +
    'Since the ceasefire took effect on 10 October, 250 people have been killed, it said.';
  assert.deepEqual(tallies(text), [
    ['killed', 4, null, 24],
    ['injured', 9, null, 24],
    ['killed', 250, '2025-10-10', null],
  ]);
});

test('tallies: exchanges of hostages, remains and prisoners; an ordinal is a running total', () => {
  const text =
    'Hamas has freed 20 living hostages and returned the remains of 11 captives in exchange for about 1,900 prisoners. ' +
    'On Saturday it handed over the 12th deceased hostage.';
  assert.deepEqual(tallies(text).map(([m, v]) => [m, v]), [
    ['hostages_released', 20], ['remains_returned', 11], ['prisoners_released', 1900], ['remains_returned', 12],
  ]);
});

test('tallies: trucks that entered count; quotas, caps and plans do not', () => {
  const text =
    'Only 1,450 trucks entered between the start of the truce and the end of October, including 1,200 carrying aid, ' +
    'far below the 600 trucks a day agreed in the deal. Israel said it would allow 300 lorries daily.';
  assert.deepEqual(tallies(text).map(([m, v]) => [m, v]), [['trucks', 1450], ['trucks', 1200]]);
});

test('tallies: violations, bodies recovered from rubble, remains still held', () => {
  const text =
    'The media office has recorded 310 violations. Rescuers recovered the bodies of 27 people from the rubble. ' +
    'The remains of three hostages are still held in Gaza.';
  assert.deepEqual(tallies(text).map(([m, v]) => [m, v]), [['violations', 310], ['other', 27], ['other', 3]]);
});

test('tallies: a figure repeated for the same subject is recorded once', () => {
  const text = 'Hamas released 20 living hostages. The 20 hostages released on Monday were greeted in Tel Aviv.';
  assert.equal(tallies(text).filter(([m]) => m === 'hostages_released').length, 1);
});

test('tallies: "N of M" handovers give the count and the total due; outstanding remains are their own tally', () => {
  const text =
    'Hamas has returned the remains of nine of 26 deceased hostages so far. It still holds the remains of 17 deceased hostages, ' +
    'and the Red Cross received two more bodies on Friday.';
  assert.deepEqual(tallies(text).map(([m, v]) => [m, v]), [['remains_returned', 9], ['other', 26], ['other', 17], ['remains_returned', 2]]);
});

test('tallies: hostages who died in captivity and are handed over are remains, not deaths', () => {
  const text = 'The bodies of three hostages who died in captivity were handed over to the Red Cross on Sunday.';
  assert.deepEqual(tallies(text).map(([m, v]) => [m, v]), [['remains_returned', 3]]);
});

test('tallies: a long run of numbers in one sentence stays fast (no quadratic scans)', () => {
  // Growth, not a time limit (a busy machine makes any limit flaky): ten times the numbers must cost well under a
  // hundred times as long. Linear work gives 10–30× here (allocation grows too); a scan of the sentence per number
  // gave 100×.
  const time = (n: number) => {
    const started = performance.now();
    extract('1, 2, 3, 4, 5, '.repeat(n), lexicon, { published: null });
    return performance.now() - started;
  };
  time(300); // warm up
  const small = Math.min(time(300), time(300));
  const large = Math.min(time(3000), time(3000));
  assert.ok(large < 50 * small, `3,000 repeats took ${large.toFixed(0)} ms, 300 took ${small.toFixed(0)} ms: ${(large / small).toFixed(0)}×`);
});

test('tallies: history told as background is left out; a count running on from a past year is kept', () => {
  assert.deepEqual(tallies('The 2006 war killed about 1,200 people in Lebanon.', '2025-11-01'), []);
  assert.deepEqual(tallies('The war, which began in October 2023, has killed 68,000 Palestinians.', '2025-11-01').map(([m, v]) => [m, v]), [['killed', 68000]]);
  // "N years ago" dates background as a year does; "a year ago" is too recent to be history by that rule.
  assert.deepEqual(tallies('Six years ago this month, a truce ended a war in which more than 6,500 soldiers died.', '2026-10-30'), []);
  assert.deepEqual(tallies('A year ago, 3,100 people had been killed in the region.', '2026-10-30').map(([m, v]) => [m, v]), [['killed', 3100]]);
});

test('tallies: list items take their start from the heading they sit under', () => {
  const text = 'Casualties since the truce took effect on 4 September:\n- Killed: 52\n- Injured: 130\n• Aid lorries entered: 2,310\n• Bodies recovered from the rubble: 9';
  assert.deepEqual(tallies(text), [
    ['killed', 52, '2025-09-04', null],
    ['injured', 130, '2025-09-04', null],
    ['trucks', 2310, '2025-09-04', null],
    ['other', 9, '2025-09-04', null],
  ]);
});

test('tallies: a comparison with "since" is not where a count starts', () => {
  const text = 'The truce began on 10 October. On Friday 410 aid trucks entered Gaza, the largest number since the truce began.';
  assert.deepEqual(tallies(text), [['trucks', 410, null, null]]);
});

test('tallies: a humanitarian pause is a truce; "the first week of the pause" counts from its start', () => {
  const text = 'Monitors logged 41 violations in the first week of the humanitarian pause that started on 1 November. Since the pause began, 5,000 people have fled the town.';
  assert.deepEqual(tallies(text).map(([m, v, s]) => [m, v, s]), [['violations', 41, '2025-11-01'], ['other', 5000, '2025-11-01']]);
});

test('tallies: "bringing to N the number of …" and "these violations" inherit what the sentence before counts', () => {
  assert.deepEqual(tallies('The army received three more bodies of hostages, bringing to 21 the number of bodies returned.').map(([m, v]) => [m, v]), [
    ['remains_returned', 3],
    ['remains_returned', 21],
  ]);
  const text = 'The office counted 300 violations since the ceasefire came into force on October 10. These violations killed 120 people.';
  assert.deepEqual(tallies(text).map(([m, v, s]) => [m, v, s]), [['violations', 300, '2025-10-10'], ['killed', 120, '2025-10-10']]);
});

test('tallies: bodies brought to hospitals over a period are deaths; a news article in prose is not read as a bulletin', () => {
  const text =
    'Hospitals received the bodies of six people in the past 24 hours, four of them newly killed and two pulled from the rubble, ' +
    'the Ministry of Health said. The toll since the ceasefire is 900 killed, and the cumulative toll since the war began is 70,000.';
  assert.deepEqual(tallies(text).map(([m, v]) => [m, v]), [['killed', 6], ['other', 2], ['killed', 900], ['killed', 70000]]);
});

test('tallies: hostages "still believed to be held" are remains still held', () => {
  assert.deepEqual(tallies('Five deceased hostages are still thought to be held in Gaza.').map(([m, v]) => [m, v]), [['other', 5]]);
});

test('tallies: dash-separated table rows under a dated heading; a word cut by the look-around window is no cue', () => {
  const text = 'Since 4 September (truce):\nDeaths – 77\nInjuries – 210';
  assert.deepEqual(tallies(text), [['killed', 77, '2025-09-04', null], ['injured', 210, '2025-09-04', null]]);
  // "captives" cut to "cap" once read as a quota.
  const exchange = 'So far Hamas has freed all 20 living hostages and handed back the bodies of 25 deceased captives.';
  assert.deepEqual(tallies(exchange).map(([m, v]) => [m, v]), [['hostages_released', 20], ['remains_returned', 25]]);
});

test('tallies: "the last deceased hostage" is one; "over the same period" runs from the start given before', () => {
  assert.deepEqual(tallies('Israel received the remains of the last deceased hostage on Monday.').map(([m, v]) => [m, v]), [['remains_returned', 1]]);
  const text = 'The army counted 90 breaches since October 10. The media office counted 800 violations over the same period.';
  assert.deepEqual(tallies(text).map(([m, v, s]) => [m, v, s]), [['violations', 90, '2025-10-10'], ['violations', 800, '2025-10-10']]);
});

test('tallies: "a day earlier" is no daily quota; truckloads are trucks', () => {
  const text = 'Israel handed over 30 Palestinian bodies in exchange for the remains of an Israeli hostage returned a day earlier.';
  assert.deepEqual(tallies(text).map(([m, v]) => [m, v]).sort(), [['remains_returned', 1], ['remains_returned', 30]]);
  assert.deepEqual(tallies('Since the truce started on 10 October, 52,000 truckloads have been collected.').map(([m, v, s]) => [m, v, s]), [['trucks', 52000, '2025-10-10']]);
});

test('tallies: "newly displaced" people are a displacement count', () => {
  assert.deepEqual(tallies('Some 48,000 people were newly displaced in Masisi over the past month.', '2026-11-13').map(([m, v]) => [m, v]), [['other', 48000]]);
});

test('tallies: "accused Kyiv of violating the truce 14 times" is a violations count', () => {
  assert.deepEqual(tallies('It accused Kyiv of violating the energy truce 14 times since it came into force on September 1.', '2026-11-12'), [['violations', 14, '2026-09-01', null]]);
});

test('tallies: a count over "between 12 and 18 October" starts on the 12th', () => {
  const t = tallies('Over 9,000 people fled villages around Kadugli between 12 and 18 October, monitors said.');
  assert.deepEqual(t.map((x) => x.slice(0, 3)), [['other', 9000, '2025-10-12']]);
});

test('tallies: a count with its own period right after it ("23 times in the past week") does not take the sentence\'s start', () => {
  const got = tallies('Since the truce took effect on 1 September, the other side has violated it 190 times, including 31 times in the past week alone.', '2026-11-20');
  assert.deepEqual(got.map(([m, v, s]) => [m, v, s]), [['violations', 190, '2026-09-01'], ['violations', 31, null]]);
});
