import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Agreement } from './agreement.ts';
import {
  actorIdOf,
  actorName,
  agreementOccurrences,
  describeDeadline,
  describeIndicator,
  findProvision,
  nextPhase,
  phasesInOrder,
  resolveDeadline,
  resolvePhaseStart,
  resolveTrigger,
  withGeometry,
} from './agreement.ts';

const a: Agreement = {
  id: 'demo',
  version: 1,
  title: 'Demo',
  kind: 'ceasefire',
  paxStage: 'Cea',
  signedAt: '2030-05-01T09:00:00+03:00',
  inForceAt: '2030-05-02T12:00:00+03:00',
  parties: [
    { id: 'red', name: 'Red Army', aliases: ['Red Forces', 'Ḥizb al-Aḥmar'], kind: 'state-forces' },
    { id: 'blue', name: 'Blue Front', kind: 'armed-group' },
  ],
  mediators: [{ id: 'green', name: 'Green Republic', kind: 'government' }],
  events: [
    { id: 'vote', name: 'Cabinet vote', at: '2030-05-02T01:00:00+03:00', sources: ['https://example.org'] },
    { id: 'pullback-done', name: 'Pull-back completed', at: '2030-05-02T20:00:00+03:00', fulfils: ['p1.pull-back'], sources: ['https://example.org'] },
    { id: 'undated', name: 'Undated', sources: ['https://example.org'] },
  ],
  // Deliberately out of order in the file.
  phases: [
    { id: 'phase-3', name: 'Three', order: 3, start: { at: '2031-01-01T00:00:00Z' } },
    { id: 'phase-1', name: 'One', order: 1, start: { on: 'in-force' } },
    { id: 'phase-2', name: 'Two', order: 2, start: { afterPhase: 'phase-1' } },
  ],
  provisions: [
    { id: 'demo/p1.pull-back', phase: 'phase-1', category: 'withdrawal', obligated: ['red'], act: 'Pull back.', trigger: { after: 'vote' }, deadline: { after: 'vote', hours: 24 }, sources: ['https://example.org'] },
    { id: 'demo/p1.free', phase: 'phase-1', category: 'exchange', obligated: ['blue'], act: 'Free captives.', trigger: { after: 'demo/p1.pull-back' }, deadline: { after: 'p1.pull-back', hours: 72 }, indicator: { metric: 'hostages_released', comparator: '>=', target: 5 }, sources: ['https://example.org'] },
    { id: 'demo/p1.by-date', phase: 'phase-1', category: 'monitoring', obligated: ['green'], act: 'Report.', trigger: { at: '2030-05-03T00:00:00Z' }, deadline: { at: '2030-06-01T00:00:00Z' }, sources: ['https://example.org'] },
    { id: 'demo/p2.later', phase: 'phase-2', category: 'disarmament-ddr', obligated: ['blue'], act: 'Disarm.', trigger: { after: 'phase-2' }, deadline: { after: 'undated', hours: 1 }, sources: ['https://example.org'] },
  ],
  sources: ['https://example.org'],
};

test('provisions are found by full or short id', () => {
  assert.equal(findProvision(a, 'demo/p1.free')?.act, 'Free captives.');
  assert.equal(findProvision(a, 'p1.free')?.act, 'Free captives.');
  assert.equal(findProvision(a, 'p9.none'), undefined);
});

test('phases are ordered by their order field, not file order', () => {
  assert.deepEqual(phasesInOrder(a).map((p) => p.id), ['phase-1', 'phase-2', 'phase-3']);
  assert.equal(nextPhase(a, 'phase-1')?.id, 'phase-2');
  assert.equal(nextPhase(a, 'phase-3'), undefined);
});

test('occurrences: signing, in-force, dated events and the provisions they fulfil', () => {
  const occ = agreementOccurrences(a);
  assert.equal(occ.get('signing'), a.signedAt);
  assert.equal(occ.get('in-force'), a.inForceAt);
  assert.equal(occ.get('vote'), '2030-05-02T01:00:00+03:00');
  assert.equal(occ.get('demo/p1.pull-back'), '2030-05-02T20:00:00+03:00');
  assert.equal(occ.has('undated'), false);
  // A recorded occurrence overrides the file's.
  assert.equal(agreementOccurrences(a, [['vote', '2030-05-02T02:00:00+03:00']]).get('vote'), '2030-05-02T02:00:00+03:00');
});

test('relative deadlines resolve from the event or fulfilment they count from', () => {
  const occ = agreementOccurrences(a);
  const pull = resolveDeadline(a, findProvision(a, 'p1.pull-back')!, occ);
  assert.deepEqual(pull.status === 'resolved' && pull.at, '2030-05-02T22:00:00.000Z');
  // 72 h after the pull-back was completed (20:00 +03:00 on 2 May).
  const free = resolveDeadline(a, findProvision(a, 'p1.free')!, occ);
  assert.deepEqual(free.status === 'resolved' && free.at, '2030-05-05T17:00:00.000Z');
  // Without the fulfilment, the clock waits.
  assert.deepEqual(resolveDeadline(a, findProvision(a, 'p1.free')!, new Map()), { status: 'waiting', on: 'p1.pull-back' });
  assert.deepEqual(resolveDeadline(a, findProvision(a, 'p2.later')!, occ), { status: 'waiting', on: 'undated' });
  const byDate = resolveDeadline(a, findProvision(a, 'p1.by-date')!, occ);
  assert.equal(byDate.status === 'resolved' && byDate.at, '2030-06-01T00:00:00Z');
  assert.deepEqual(resolveDeadline(a, { ...findProvision(a, 'p1.by-date')!, deadline: undefined }, occ), { status: 'none' });
});

test('triggers and phase starts: on in-force, at a date, after a phase (which must be declared complete)', () => {
  const occ = agreementOccurrences(a);
  const p = (id: string) => a.phases.find((x) => x.id === id)!;
  assert.equal(resolveTrigger(a, { on: 'in-force' }, occ).status, 'resolved');
  assert.deepEqual(resolvePhaseStart(a, p('phase-2'), occ), { status: 'waiting', on: 'phase-1.completed' });
  const declared = agreementOccurrences(a, [['phase-1.completed', '2030-07-01T00:00:00Z']]);
  const two = resolvePhaseStart(a, p('phase-2'), declared);
  assert.equal(two.status === 'resolved' && two.at, '2030-07-01T00:00:00Z');
  assert.equal(resolveTrigger(a, { after: 'phase-2' }, declared).status, 'resolved');
  assert.equal(resolvePhaseStart(a, p('phase-3'), occ).status, 'resolved');
  // A start recorded by hand wins over the rule (phases often start late).
  const late = resolvePhaseStart(a, p('phase-1'), new Map([['phase-1', '2030-05-05T00:00:00Z']]));
  assert.equal(late.status === 'resolved' && late.at, '2030-05-05T00:00:00Z');
});

test('actors are matched by id, name or alias, ignoring case and diacritics; ambiguity gives nothing', () => {
  assert.equal(actorIdOf(a, 'red'), 'red');
  assert.equal(actorIdOf(a, 'RED FORCES'), 'red');
  assert.equal(actorIdOf(a, 'Hizb al-Ahmar'), 'red');
  assert.equal(actorIdOf(a, 'green republic'), 'green');
  assert.equal(actorIdOf(a, 'Purple'), undefined);
  const twice: Agreement = { ...a, parties: [...a.parties, { id: 'other', name: 'Other', aliases: ['Blue Front'], kind: 'armed-group' }] };
  assert.equal(actorIdOf(twice, 'Blue Front'), undefined);
  assert.equal(actorName(a, 'blue'), 'Blue Front');
});

test('describing clocks and targets in plain words', () => {
  assert.equal(describeDeadline({ after: 'vote', hours: 24 }), '24 h after vote');
  assert.equal(describeDeadline(undefined), 'no deadline');
  assert.equal(describeIndicator({ metric: 'trucks', comparator: '>=', target: 600, per: 'day' }), 'trucks >= 600 per day');
  assert.equal(describeIndicator({ metric: 'hostages_released', comparator: '==', target: 20, per: 'total' }), 'hostages_released == 20');
});

test('withGeometry gives a named line coordinates without touching the original', () => {
  const g: Agreement = { ...a, geometry: [{ name: 'line', kind: 'line', meaning: { role: 'withdrawal-line' }, sources: ['https://example.org'] }] };
  const loaded = withGeometry(g, 'line', { type: 'LineString', coordinates: [[0, 0], [0, 1]] });
  assert.equal(loaded.geometry![0]!.geojson!.type, 'LineString');
  assert.equal(g.geometry![0]!.geojson, undefined);
});
