import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMohBulletin, parseMohBulletin } from './bulletins.ts';

// A synthetic bulletin in the ministry's layout (English part only), with made-up numbers.
const bulletin = (daily: string, note = '') => `🇵🇸 Palestinian Ministry of Health – Gaza 🇵🇸

🔴 Daily Statistical Report on the Number of Martyrs and Wounded

⭕ The total number of casualties admitted to Gaza Strip hospitals in the past 48 hours is as follows:

${daily}

⭕ A number of victims remain under the rubble.

 🔴 Since the ceasefire (October 11):

• Total number of martyrs: 1,401

• Total number of injuries: 4,512

• Total number of recovered bodies: 820

🔴 Cumulative statistics since the beginning of the aggression on October 7, 2023:

• Cumulative number of martyrs: 73,555

• Cumulative number of injuries: 174,802
${note}
Ministry of Health

September 3, 2026
`;

const figures = (text: string) => parseMohBulletin(text, '2026-09-03').map((t) => [t.metric, t.value, t.since, t.periodHours]);

test('bulletin: the period, the totals since the ceasefire and since 7 October 2023, each a dated tally', () => {
  const text = bulletin('* Number of Martyrs: 9 (7 new martyrs + 2 martyrs whose bodies were recovered).\n\n• Number of Injuries: 31.');
  assert.ok(isMohBulletin(text));
  assert.deepEqual(figures(text), [
    ['killed', 9, null, 48],
    ['killed', 7, null, 48],
    ['other', 2, null, 48],
    ['injured', 31, null, 48],
    ['killed', 1401, '2025-10-11', null],
    ['injured', 4512, '2025-10-11', null],
    ['other', 820, '2025-10-11', null],
    ['killed', 73555, '2023-10-07', null],
    ['injured', 174802, '2023-10-07', null],
  ]);
  const all = parseMohBulletin(text, '2026-09-03');
  assert.ok(all.every((t) => t.asOf === '2026-09-03' && t.claimedBy === 'Gaza Health Ministry'));
  assert.ok(all.every((t) => text.slice(t.evidenceStart, t.evidenceEnd) === t.evidence));
});

test('bulletin: bullet-only layout, and a day without deaths gives 0 killed', () => {
  assert.deepEqual(figures(bulletin('▪️ 4 new martyrs.\n\n▪️ 12 injuries.')).slice(0, 2), [['killed', 4, null, 48], ['injured', 12, null, 48]]);
  assert.deepEqual(figures(bulletin('▪️ 6 injuries.')).slice(0, 2), [['killed', 0, null, 48], ['injured', 6, null, 48]]);
});

test('bulletin: a note adding accredited deaths to the cumulative total is its own tally', () => {
  const text = bulletin('▪️ 2 new martyrs.\n\n▪️ 5 injuries.', '\n🚨Note: 40 martyrs have been added to the cumulative statistics after approval by the committee.\n');
  assert.ok(figures(text).some(([m, v]) => m === 'killed' && v === 40));
});

test('bulletin: the Arabic part alone is read when there is no English', () => {
  const arabic = 'وزارة الصحة\nخلال الـ 24 ساعة الماضية\nعدد الشهداء: 3\nعدد الإصابات: 10 إصابات\nمنذ وقف إطلاق النار (11 أكتوبر):\nإجمالي عدد الشهداء: 1,300\nإجمالي عدد الإصابات: 4,300\nالإحصائية التراكمية\nالعدد التراكمي للشهداء: 73,500\nالعدد التراكمي للإصابات: 174,700';
  assert.ok(isMohBulletin(arabic));
  assert.deepEqual(figures(arabic).map(([m, v]) => [m, v]), [['killed', 3], ['injured', 10], ['killed', 1300], ['injured', 4300], ['killed', 73500], ['injured', 174700]]);
});

test('bulletins: a bulletin laid out as a table (one column per period) gives every figure with its period', () => {
  const text = 'Ministry of Health – Gaza\n\n| | Past 48 hours | Since ceasefire (11 Oct 2025) | Since 7 Oct 2023 |\n|---|---|---|---|\n| Martyrs | 4 | 1,500 | 71,000 |\n| Injured | 12 | 4,800 | 171,000 |\n';
  assert.ok(isMohBulletin(text));
  const got = parseMohBulletin(text, '2026-11-20').map((t) => [t.metric, t.value, t.since, t.periodHours]);
  assert.deepEqual(got, [
    ['killed', 4, null, 48], ['killed', 1500, '2025-10-11', null], ['killed', 71000, '2023-10-07', null],
    ['injured', 12, null, 48], ['injured', 4800, '2025-10-11', null], ['injured', 171000, '2023-10-07', null],
  ]);
});

test('bulletins: figures in brackets, on the period line itself, in run-on totals and "since 7/10/2023" prose', () => {
  const text = 'Ministry of Health - Gaza Strip\nDaily statistical report, Monday 16/11/2026\n\nThis report covers the past (48) hours.\n' +
    'Martyrs who arrived at the hospitals: (5) martyrs, of whom (4) new martyrs and (1) body recovered; and (18) injured.\n' +
    'Total since the ceasefire on 11/10/2025: (1,650) martyrs and (5,020) injured; (860) bodies recovered.\n' +
    'The total number of victims since 7/10/2023 has risen to (73,800) martyrs and (175,100) injuries.';
  assert.ok(isMohBulletin(text));
  const got = parseMohBulletin(text, '2026-11-16');
  const pick = (metric: string, since: string | null, period: number | null) => got.filter((t) => t.metric === metric && t.since === since && t.periodHours === period).map((t) => t.value);
  assert.deepEqual(pick('killed', null, 48), [5, 4]);
  assert.deepEqual(pick('injured', null, 48), [18]);
  assert.deepEqual([pick('killed', '2025-10-11', null), pick('injured', '2025-10-11', null), pick('other', '2025-10-11', null)], [[1650], [5020], [860]]);
  assert.deepEqual([pick('killed', '2023-10-07', null), pick('injured', '2023-10-07', null)], [[73800], [175100]]);
  assert.ok(got.every((t) => text.slice(t.evidenceStart, t.evidenceEnd) === t.evidence), 'evidence stays verbatim (with its brackets)');
});

test('bulletins: "no new injuries were recorded" on the period line is 0 injured; "total martyrs 1,703" without a colon', () => {
  const text = 'Palestinian Ministry of Health – Gaza | Daily statistical report\nOver the past 24 hours: 2 martyrs (both bodies recovered from under the rubble); no new injuries were recorded.\n' +
    'Since the ceasefire (11 October): total martyrs 1,690; total injuries 5,200; bodies recovered 870.\nCumulative toll since 7 October 2023: 73,870 martyrs and 175,390 injuries.';
  const got = parseMohBulletin(text, '2026-11-20').map((t) => [t.metric, t.value]);
  assert.deepEqual(got, [['killed', 2], ['injured', 0], ['killed', 1690], ['injured', 5200], ['other', 870], ['killed', 73870], ['injured', 175390]]);
});
