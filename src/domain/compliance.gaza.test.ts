// The bundled Gaza agreement through the engine, with a few figures copied by hand from the research notes
// (../shared/research/domain-gaza.md §3) and two invented, unverified incidents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadAgreementFile } from '../formats/agreement-yaml.ts';
import type { ComplianceSeriesPoint } from './compliance.ts';
import { assessCompliance, complianceIncidentOf, complianceSeriesOf } from './compliance.ts';
import type { Incident } from './incident.ts';

const gaza = await loadAgreementFile(fileURLToPath(new URL('../../data/agreements/gaza-2025.yaml', import.meta.url)));

const cumulative = (seriesId: string, body: string, metric: string, points: Array<[string, number]>): ComplianceSeriesPoint[] =>
  points.map(([date, value]) => ({ seriesId, body, metric, mode: 'cumulative', date, value }));

const series = [
  // AP's reading of COGAT and UN data, 12 Oct – 7 Dec 2025 (~25,700 vs 6,545 trucks).
  ...cumulative('cogat.trucks', 'cogat', 'trucks', [['2025-10-12', 0], ['2025-12-07', 25_700]]),
  ...cumulative('un2720.trucks', 'un2720', 'trucks', [['2025-10-12', 0], ['2025-12-07', 6_545]]),
  ...cumulative('icrc.hostages_released', 'icrc', 'hostages_released', [['2025-10-13', 20]]),
  ...cumulative('idf.remains_returned', 'idf', 'remains_returned', [['2025-10-13', 4], ['2025-10-15', 10], ['2025-12-03', 27]]),
];

const base: Incident = {
  id: 'x',
  agreementId: 'gaza-2025',
  date: '2025-10-19',
  dateEnd: null,
  datePrecision: 1,
  location: null,
  eventType: 'Explosions/Remote violence',
  subEventType: 'Air/drone strike',
  actor1: 'IDF',
  actor2: null,
  killed: { civilians: { low: 1, best: 2, high: 3 }, unknown: { low: 0, best: 1, high: 1 } },
  injured: {},
  grade: 'weak',
  gradeReason: null,
  status: 'in-review',
  provisions: [],
  spatial: [],
  notes: null,
  createdBy: 'a',
  updatedBy: 'a',
  createdAt: '2025-10-19T10:00:00Z',
  updatedAt: '2025-10-19T10:00:00Z',
  version: 1,
};
const incidents = [
  complianceIncidentOf({ ...base, id: 'strike' }, gaza)!,
  complianceIncidentOf({ ...base, id: 'attack', eventType: 'Battles', subEventType: 'Armed clash', actor1: 'Qassam Brigades' }, gaza)!,
];

const report = assessCompliance({ agreement: gaza, asOf: '2025-12-07T23:59:00+02:00', incidents, series });
const status = (id: string, party: string) => report.provisions.find((a) => a.provisionId === `gaza-2025/${id}` && a.party === party)!;

test('adapters: stored incident → engine incident (party from aliases, best toll summed)', () => {
  assert.equal(incidents[0]!.perpetrator, 'israel');
  assert.equal(incidents[1]!.perpetrator, 'hamas');
  assert.equal(incidents[0]!.killedBest, 3);
  const linked = complianceIncidentOf({ ...base, actor1: 'someone unknown', provisions: [{ agreementId: 'gaza-2025', provisionId: 'p1.open-rafah', partyId: 'israel' }, { agreementId: 'other', provisionId: 'x', partyId: 'y' }] }, gaza)!;
  assert.equal(linked.perpetrator, 'israel');
  assert.deepEqual(linked.provisionIds, ['gaza-2025/p1.open-rafah']);
  assert.equal(complianceIncidentOf({ ...base, date: null }, gaza), null);
  const points = complianceSeriesOf({ id: 'cogat.trucks', bodyId: 'cogat', metric: 'trucks', mode: 'daily' }, [{ date: '2025-10-12', value: 300 }]);
  assert.deepEqual(points, [{ seriesId: 'cogat.trucks', body: 'cogat', metric: 'trucks', mode: 'daily', date: '2025-10-12', value: 300 }]);
});

test('Gaza, 7 Dec 2025: withdrawal, living hostages and prisoners met on the recorded dates', () => {
  assert.equal(status('p1.withdraw-to-yellow-line', 'israel').status, 'met');
  assert.equal(status('p1.withdraw-to-yellow-line', 'israel').deadline.state, 'waiting', 'the hour of the cabinet vote is unknown');
  const living = status('p1.release-living-hostages', 'hamas');
  assert.equal(living.status, 'met');
  assert.equal(living.late, false);
  assert.equal(living.deadline.at, '2025-10-13T09:00:00.000Z');
  assert.equal(status('p1.release-prisoners', 'israel').status, 'met');
  assert.equal(status('p1.monitor-from-cmcc', 'united-states').status, 'met');
});

test('Gaza, 7 Dec 2025: remains overdue at 27 of 28; trucks below 600 by both bodies, kept apart', () => {
  const remains = status('p1.return-deceased-hostages', 'hamas');
  assert.equal(remains.status, 'overdue');
  assert.equal(remains.indicator!.readings[0]!.value, 27);
  const trucks = status('p1.aid-trucks', 'israel');
  assert.equal(trucks.status, 'partly-met');
  assert.deepEqual(trucks.indicator!.readings.map((r) => [r.body, r.value, r.basis]), [
    ['cogat', 458.93, 'rate-from-cumulative'],
    ['un2720', 116.88, 'rate-from-cumulative'],
  ]);
  assert.equal(trucks.uncertain, true);
  assert.equal(status('p1.open-rafah', 'israel').status, 'not-assessable');
  assert.equal(status('p1.amnesty', 'israel').status, 'pending', 'amnesty waits for all hostages to be back');
});

test('Gaza: unverified allegations against either side leave both ceasefire provisions met, allegations shown', () => {
  for (const [id, party] of [['p1.suspend-military-operations', 'israel'], ['p1.cease-attacks', 'hamas']] as const) {
    const a = status(id, party);
    assert.equal(a.status, 'met');
    assert.equal(a.breaches.alleged.count, 1);
    assert.equal(a.breaches.verified.count, 0);
  }
});

test('Gaza: phase one is stalled and phase two waits on it, listing what blocks it', () => {
  const [one, two] = report.phases;
  assert.equal(one!.status, 'stalled');
  assert.equal(two!.status, 'not-started');
  assert.equal(two!.waitingOn, 'phase-1.completed');
  const blockers = two!.blockedBy.map((b) => `${b.provisionId.replace('gaza-2025/', '')} ${b.status}`);
  assert.ok(blockers.includes('p1.return-deceased-hostages overdue'));
  assert.ok(blockers.includes('p1.aid-trucks partly-met'));
  assert.ok(report.provisions.filter((a) => a.phase === 'phase-2').every((a) => a.status === 'pending'));
});
