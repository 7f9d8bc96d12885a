import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Agreement } from './agreement.ts';
import type { ComplianceIncident, ComplianceInput, ComplianceReport, ComplianceSeriesPoint, ProvisionAssessment } from './compliance.ts';
import { EVIDENCE_LISTS, assessCompliance, assessComplianceDeferred, assessmentsOf, evidenceClassifier, newestFirst, statusCountsByParty } from './compliance.ts';

// A small invented truce between "north" and "south", written for these tests. In force at noon on 1 March.
const truce: Agreement = {
  id: 'test-truce',
  version: 1,
  title: 'Invented truce for tests',
  kind: 'ceasefire',
  paxStage: 'Cea',
  signedAt: '2030-03-01T00:00:00+02:00',
  inForceAt: '2030-03-01T12:00:00+02:00',
  parties: [
    { id: 'north', name: 'Northern Forces', kind: 'state-forces' },
    { id: 'south', name: 'Southern Front', kind: 'armed-group', answersFor: ['south-militia'] },
  ],
  actors: [{ id: 'south-militia', name: 'Southern militia', kind: 'armed-group' }],
  phases: [
    { id: 'phase-1', name: 'One', order: 1, start: { on: 'in-force' } },
    { id: 'phase-2', name: 'Two', order: 2, start: { afterPhase: 'phase-1' } },
  ],
  provisions: [
    {
      id: 'test-truce/p1.ceasefire',
      phase: 'phase-1',
      category: 'ceasefire',
      obligated: ['north', 'south'],
      act: 'Stop firing.',
      trigger: { on: 'in-force' },
      breachedBy: [{ eventType: 'Battles' }, { eventType: 'Explosions/Remote violence' }],
      sources: ['https://example.org/truce'],
    },
    {
      id: 'test-truce/p1.withdraw',
      phase: 'phase-1',
      category: 'withdrawal',
      obligated: ['north'],
      act: 'Pull back to the agreed line.',
      trigger: { on: 'in-force' },
      deadline: { after: 'in-force', hours: 24 },
      sources: ['https://example.org/truce'],
    },
    {
      id: 'test-truce/p1.release-captives',
      phase: 'phase-1',
      category: 'exchange',
      obligated: ['south'],
      act: 'Free ten captives.',
      trigger: { after: 'test-truce/p1.withdraw' },
      deadline: { after: 'test-truce/p1.withdraw', hours: 72 },
      indicator: { metric: 'captives.released', comparator: '>=', target: 10, per: 'total' },
      sources: ['https://example.org/truce'],
    },
    {
      id: 'test-truce/p1.aid',
      phase: 'phase-1',
      category: 'humanitarian-access',
      obligated: ['north'],
      act: 'Let 600 aid trucks in a day.',
      trigger: { on: 'in-force' },
      indicator: { metric: 'aid.trucks', comparator: '>=', target: 600, per: 'day' },
      sources: ['https://example.org/truce'],
    },
    {
      id: 'test-truce/p2.disarm',
      phase: 'phase-2',
      category: 'disarmament-ddr',
      obligated: ['south'],
      act: 'Hand over heavy weapons.',
      trigger: { after: 'phase-2' },
      sources: ['https://example.org/truce'],
    },
  ],
  sources: ['https://example.org/truce'],
};

let nextId = 0;
function incident(over: Partial<ComplianceIncident>): ComplianceIncident {
  return {
    id: `inc-${++nextId}`,
    date: '2030-03-05',
    status: 'verified',
    grade: 'fair',
    perpetrator: 'north',
    eventType: 'Explosions/Remote violence',
    subEventType: 'Air/drone strike',
    provisionIds: [],
    killedBest: 1,
    ...over,
  };
}

function trucks(body: string, values: number[], from = 2): ComplianceSeriesPoint[] {
  return values.map((value, i) => ({
    seriesId: `${body}.trucks`,
    body,
    metric: 'aid.trucks',
    mode: 'daily',
    date: `2030-03-${String(from + i).padStart(2, '0')}`,
    value,
  }));
}

function one(report: ComplianceReport, provision: string, party: string): ProvisionAssessment {
  const a = report.provisions.find((p) => p.provisionId === `test-truce/${provision}` && p.party === party);
  assert.ok(a, `no assessment for ${provision} × ${party}`);
  return a;
}

const run = (over: Partial<ComplianceInput>) => assessCompliance({ agreement: truce, asOf: '2030-03-10T00:00:00Z', ...over });

test('before the truce is in force every obligation is pending', () => {
  const r = run({ asOf: '2030-03-01T08:00:00+02:00' });
  for (const a of r.provisions) assert.equal(a.status, 'pending', `${a.provisionId} × ${a.party}`);
});

test('a deadline that passed with nothing recorded is overdue, and says by how long', () => {
  const r = run({ asOf: '2030-03-03T12:00:00+02:00' });
  const w = one(r, 'p1.withdraw', 'north');
  assert.equal(w.status, 'overdue');
  assert.equal(w.deadline.state, 'passed');
  assert.equal(Date.parse(w.deadline.at!), Date.parse('2030-03-02T12:00:00+02:00'));
  assert.equal(w.deadline.hoursLeft, -24);
  assert.match(w.reason, /passed 24 h ago; no fulfilment recorded/);
});

test('a recorded fulfilment meets the provision and starts the clocks that count from it', () => {
  const occurrences = [{ id: 'test-truce/p1.withdraw', at: '2030-03-02T06:00:00+02:00' }];
  const early = run({ asOf: '2030-03-03T00:00:00+02:00', occurrences });
  assert.equal(one(early, 'p1.withdraw', 'north').status, 'met');
  assert.equal(one(early, 'p1.withdraw', 'north').late, false);
  const release = one(early, 'p1.release-captives', 'south');
  assert.equal(release.status, 'pending');
  assert.equal(release.deadline.state, 'coming');
  assert.equal(Date.parse(release.deadline.at!), Date.parse('2030-03-05T06:00:00+02:00'));

  // Before the withdrawal happened, the release clock has not started at all.
  const before = run({ asOf: '2030-03-02T00:00:00+02:00', occurrences });
  assert.equal(one(before, 'p1.release-captives', 'south').status, 'pending');
  assert.match(one(before, 'p1.release-captives', 'south').reason, /starts after test-truce\/p1.withdraw/);
});

test('a fulfilment after the deadline is met but marked late', () => {
  const r = run({ occurrences: [{ id: 'test-truce/p1.withdraw', at: '2030-03-04T00:00:00+02:00' }] });
  const w = one(r, 'p1.withdraw', 'north');
  assert.equal(w.status, 'met');
  assert.equal(w.late, true);
});

test('a total below target after its deadline is overdue, with the reported figure', () => {
  const occurrences = [{ id: 'test-truce/p1.withdraw', at: '2030-03-02T06:00:00+02:00' }];
  const series: ComplianceSeriesPoint[] = [
    { seriesId: 'icrc.captives', body: 'icrc', metric: 'captives.released', mode: 'cumulative', date: '2030-03-03', value: 4 },
    { seriesId: 'icrc.captives', body: 'icrc', metric: 'captives.released', mode: 'cumulative', date: '2030-03-04', value: 6 },
  ];
  const during = one(run({ asOf: '2030-03-04T12:00:00+02:00', occurrences, series }), 'p1.release-captives', 'south');
  assert.equal(during.status, 'partly-met');
  assert.equal(during.indicator?.readings[0]?.value, 6);
  const after = one(run({ occurrences, series }), 'p1.release-captives', 'south');
  assert.equal(after.status, 'overdue');
  assert.match(after.reason, /short of captives.released >= 10 \(icrc 6\)/);
  const done = one(
    run({ occurrences, series: [...series, { ...series[1]!, date: '2030-03-05', value: 10 }] }),
    'p1.release-captives',
    'south',
  );
  assert.equal(done.status, 'met');
});

test('an indicator below target is partly met, read per reporting body and never merged', () => {
  const series = [...trucks('cogat', [459, 470, 480]), ...trucks('un', [113, 120, 90])];
  const aid = one(run({ series }), 'p1.aid', 'north');
  assert.equal(aid.status, 'partly-met');
  assert.deepEqual(
    aid.indicator!.readings.map((r) => [r.body, r.value, r.periods, r.periodsMeetingTarget, r.meetsTarget]),
    [
      ['cogat', 469.67, 3, 0, false],
      ['un', 107.67, 3, 0, false],
    ],
  );
  assert.equal(aid.indicator!.bodiesDisagree, false);
});

test('when one body says the target is met and another says not, the disagreement is the finding', () => {
  const series = [...trucks('cogat', [650, 700, 610]), ...trucks('un', [113, 120, 90])];
  const aid = one(run({ series }), 'p1.aid', 'north');
  assert.equal(aid.status, 'partly-met');
  assert.equal(aid.indicator!.bodiesDisagree, true);
  assert.match(aid.reason, /disagree/);
  const allMeet = one(run({ series: trucks('cogat', [650, 700, 610]) }), 'p1.aid', 'north');
  assert.equal(allMeet.status, 'met');
});

test('the partial first day of the truce is not judged against a daily target', () => {
  // 1 March is the day the truce began at noon; its low figure must not count.
  const aid = one(run({ series: trucks('cogat', [100, 650, 700], 1) }), 'p1.aid', 'north');
  assert.equal(aid.indicator!.readings[0]!.periods, 2);
  assert.equal(aid.status, 'met');
});

test('a weekly target is judged on complete weeks only', () => {
  const agreement: Agreement = {
    ...truce,
    provisions: truce.provisions.map((p) =>
      p.id === 'test-truce/p1.aid' ? { ...p, indicator: { metric: 'aid.trucks', comparator: '>=', target: 4200, per: 'week' } } : p,
    ),
  };
  // Eight days of 610 from 2 March: one complete week (4,270) and one day of the next.
  const r = assessCompliance({ agreement, asOf: '2030-03-09T18:00:00Z', series: trucks('cogat', Array(8).fill(610)) });
  const aid = r.provisions.find((a) => a.provisionId === 'test-truce/p1.aid')!;
  assert.equal(aid.indicator!.readings[0]!.basis, 'each-week');
  assert.equal(aid.indicator!.readings[0]!.periods, 1);
  assert.equal(aid.indicator!.readings[0]!.value, 4270);
  assert.equal(aid.status, 'met');
});

test('a breach alleged but not verified does not make the provision breached', () => {
  const incidents = [incident({ status: 'in-review', grade: 'weak' }), incident({ status: 'draft', grade: null })];
  const cf = one(run({ incidents }), 'p1.ceasefire', 'north');
  assert.equal(cf.status, 'met');
  assert.equal(cf.breaches.verified.count, 0);
  assert.equal(cf.breaches.alleged.count, 2);
  assert.deepEqual(cf.breaches.alleged.byGrade, { confirmed: 0, fair: 0, weak: 1, contested: 0, discounted: 0, ungraded: 1 });
  assert.match(cf.reason, /2 alleged breaches not verified/);
  // The other party is untouched by north's incidents.
  assert.equal(one(run({ incidents }), 'p1.ceasefire', 'south').breaches.alleged.count, 0);
});

test('verified and published incidents breach; rejected, merged, discounted and pre-truce ones do not count', () => {
  const incidents = [
    incident({ status: 'verified', grade: 'confirmed', killedBest: 3 }),
    incident({ status: 'published', grade: 'fair', killedBest: 2, eventType: 'Battles', subEventType: 'Armed clash' }),
    incident({ status: 'in-review', grade: 'weak' }),
    incident({ status: 'rejected' }),
    incident({ status: 'merged' }),
    incident({ status: 'verified', grade: 'discounted', id: 'disc-1' }),
    incident({ status: 'verified', date: '2030-02-27' }),
    incident({ status: 'verified', date: '2030-03-01', id: 'same-day' }),
    incident({ status: 'verified', eventType: 'Protests', subEventType: 'Peaceful protest' }),
  ];
  const cf = one(run({ incidents }), 'p1.ceasefire', 'north');
  assert.equal(cf.status, 'breached');
  assert.equal(cf.breaches.verified.count, 2);
  assert.equal(cf.breaches.verified.killedBest, 5);
  assert.equal(cf.breaches.verified.byGrade.confirmed, 1);
  assert.equal(cf.breaches.verified.byGrade.fair, 1);
  assert.equal(cf.breaches.alleged.count, 1);
  assert.deepEqual(cf.breaches.discounted, { count: 1, incidentIds: ['disc-1'] });
  assert.deepEqual(cf.breaches.onStartDay, { count: 1, incidentIds: ['same-day'] });
  assert.match(cf.reason, /2 verified incidents breach it; 1 alleged breach not verified/);
});

test('an analyst link counts even when no breach rule matches, and only against the linked provision', () => {
  const linked = incident({ eventType: 'Strategic developments', subEventType: 'Looting/property destruction', provisionIds: ['test-truce/p1.withdraw'] });
  const r = run({ incidents: [linked], occurrences: [{ id: 'test-truce/p1.withdraw', at: '2030-03-02T00:00:00+02:00' }] });
  assert.equal(one(r, 'p1.withdraw', 'north').status, 'breached');
  assert.equal(one(r, 'p1.ceasefire', 'north').breaches.verified.count, 0);
});

test("a group's attacks count against the party that answers for it", () => {
  const r = run({ incidents: [incident({ perpetrator: 'south-militia' })] });
  assert.equal(one(r, 'p1.ceasefire', 'south').status, 'breached');
  assert.equal(one(r, 'p1.ceasefire', 'north').status, 'met');
});

test('a report as of a past date ignores what was recorded later', () => {
  const occurrences = [{ id: 'test-truce/p1.withdraw', at: '2030-03-05T00:00:00+02:00' }];
  const incidents = [incident({ date: '2030-03-08' })];
  const r = run({ asOf: '2030-03-04T00:00:00+02:00', occurrences, incidents });
  assert.equal(one(r, 'p1.withdraw', 'north').status, 'overdue');
  assert.equal(one(r, 'p1.ceasefire', 'north').status, 'met');
});

test('phase readiness: phase two waits for phase one, and lists what blocks it', () => {
  const r = run({ series: trucks('un', [113, 120]) });
  const [one_, two] = r.phases;
  assert.equal(one_!.status, 'stalled');
  assert.equal(two!.status, 'not-started');
  assert.equal(two!.waitingOn, 'phase-1.completed');
  assert.deepEqual(
    two!.blockedBy.map((b) => [b.provisionId, b.party, b.status]),
    [
      ['test-truce/p1.withdraw', 'north', 'overdue'],
      ['test-truce/p1.release-captives', 'south', 'pending'],
      ['test-truce/p1.aid', 'north', 'partly-met'],
    ],
  );
  assert.equal(one(r, 'p2.disarm', 'south').status, 'pending');
  assert.match(one(r, 'p2.disarm', 'south').reason, /phase "phase-2" has not started/);

  // Once phase one is declared complete, phase two runs and its provisions are judged.
  const later = run({ occurrences: [{ id: 'phase-1.completed', at: '2030-03-06T00:00:00Z' }] });
  assert.equal(later.phases[0]!.status, 'completed');
  assert.equal(later.phases[1]!.status, 'active');
  assert.equal(one(later, 'p2.disarm', 'south').status, 'not-assessable');
});

// ---------------------------------------------------------------------------------------------------------
// Even-handedness: swapping the two parties everywhere must swap the results, nothing else.

function swapParties<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value).replace(/north|south/g, (m) => (m === 'north' ? 'south' : 'north')),
  ) as T;
}

const sorted = (r: ComplianceReport) => ({
  ...r,
  provisions: [...r.provisions].sort((a, b) => `${a.provisionId} ${a.party}`.localeCompare(`${b.provisionId} ${b.party}`)),
});

test('mirrored scenario: swapping the parties swaps every result', () => {
  // Make the agreement symmetric in what it asks of whom, then give each side different evidence.
  const symmetric: Agreement = {
    ...truce,
    parties: [
      { id: 'north', name: 'north side', kind: 'armed-group' },
      { id: 'south', name: 'south side', kind: 'armed-group' },
    ],
    actors: [],
    provisions: [
      truce.provisions[0]!,
      { ...truce.provisions[1]!, id: 'test-truce/p1.withdraw-north', obligated: ['north'] },
      { ...truce.provisions[1]!, id: 'test-truce/p1.withdraw-south', obligated: ['south'] },
      { ...truce.provisions[3]!, id: 'test-truce/p1.aid-north', obligated: ['north'], indicator: { metric: 'aid.trucks_north', comparator: '>=', target: 600, per: 'day' } },
      { ...truce.provisions[3]!, id: 'test-truce/p1.aid-south', obligated: ['south'], indicator: { metric: 'aid.trucks_south', comparator: '>=', target: 600, per: 'day' } },
    ],
  };
  const input: ComplianceInput = {
    agreement: symmetric,
    asOf: '2030-03-10T00:00:00Z',
    incidents: [
      incident({ id: 'a', perpetrator: 'north', status: 'verified', grade: 'fair' }),
      incident({ id: 'b', perpetrator: 'south', status: 'in-review', grade: 'weak' }),
      incident({ id: 'c', perpetrator: 'south', status: 'rejected' }),
    ],
    series: [
      ...trucks('body-x', [500, 650]).map((p) => ({ ...p, metric: 'aid.trucks_north', seriesId: 'body-x.north' })),
      ...trucks('body-y', [700, 650]).map((p) => ({ ...p, metric: 'aid.trucks_south', seriesId: 'body-y.south' })),
    ],
    occurrences: [{ id: 'test-truce/p1.withdraw-south', at: '2030-03-02T00:00:00+02:00' }],
  };
  const original = assessCompliance(input);
  const mirrored = assessCompliance(swapParties(input));

  // Sanity: the scenario is not trivially symmetric.
  const status = (r: ComplianceReport, id: string, party: string) => r.provisions.find((a) => a.provisionId === id && a.party === party)!.status;
  assert.equal(status(original, 'test-truce/p1.ceasefire', 'north'), 'breached');
  assert.equal(status(original, 'test-truce/p1.ceasefire', 'south'), 'met');
  assert.equal(status(original, 'test-truce/p1.withdraw-north', 'north'), 'overdue');
  assert.equal(status(original, 'test-truce/p1.withdraw-south', 'south'), 'met');

  assert.deepEqual(sorted(mirrored), sorted(swapParties(original)));
  assert.equal(status(mirrored, 'test-truce/p1.ceasefire', 'south'), 'breached');
  assert.equal(status(mirrored, 'test-truce/p1.withdraw-south', 'south'), 'overdue');
});

test('summary helpers: per-party counts and lookup by short id', () => {
  const r = run({ incidents: [incident({})] });
  assert.equal(assessmentsOf(r, truce, 'p1.ceasefire').length, 2);
  const counts = statusCountsByParty(r);
  assert.equal(counts.get('north')!.breached, 1);
  assert.equal(counts.get('south')!.met, 1);
});

test('mirrored scenario, randomised: 2,000 incidents and two bodies’ figures, swapped, give swapped results', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const symmetric: Agreement = {
    ...truce,
    parties: [
      { id: 'north', name: 'north side', kind: 'armed-group' },
      { id: 'south', name: 'south side', kind: 'armed-group' },
    ],
    actors: [],
    provisions: [
      truce.provisions[0]!,
      ...(['north', 'south'] as const).flatMap((side) => [
        { ...truce.provisions[1]!, id: `test-truce/p1.withdraw-${side}`, obligated: [side] },
        { ...truce.provisions[3]!, id: `test-truce/p1.aid-${side}`, obligated: [side], indicator: { metric: `aid_${side}`, comparator: '>=' as const, target: 600, per: 'day' as const } },
        { ...truce.provisions[3]!, id: `test-truce/p1.weekly-${side}`, obligated: [side], indicator: { metric: `aid_${side}`, comparator: '>=' as const, target: 3000, per: 'week' as const } },
      ]),
    ],
  };
  const incidents = Array.from({ length: 2000 }, (_, i) =>
    incident({
      id: `r${i}`,
      date: `2030-03-${String(1 + Math.floor(rand() * 9)).padStart(2, '0')}`,
      perpetrator: pick(['north', 'south', 'nobody']),
      status: pick(['draft', 'in-review', 'verified', 'published', 'rejected', 'merged'] as const),
      grade: pick(['confirmed', 'fair', 'weak', 'contested', 'discounted', null] as const),
      eventType: pick(['Battles', 'Protests', 'Explosions/Remote violence']),
      provisionIds: rand() < 0.1 ? [pick(symmetric.provisions).id] : [],
      killedBest: Math.floor(rand() * 3),
    }),
  );
  const series = (['north', 'south'] as const).flatMap((side) =>
    (['body-x', 'body-y'] as const).flatMap((body) =>
      trucks(body, Array.from({ length: 8 }, () => Math.floor(rand() * 900))).map((p) => ({ ...p, metric: `aid_${side}`, seriesId: `${body}.${side}` })),
    ),
  );
  const input: ComplianceInput = { agreement: symmetric, asOf: '2030-03-10T00:00:00Z', incidents, series, occurrences: [{ id: 'test-truce/p1.withdraw-north', at: '2030-03-02T00:00:00Z' }] };
  const original = assessCompliance(input);
  assert.ok(original.provisions.some((a) => a.status === 'breached'));
  assert.deepEqual(sorted(assessCompliance(swapParties(input))), sorted(swapParties(original)));
});

test('a breach rule tied to a line counts only incidents on the wrong side of it, and waits for the line to be loaded', () => {
  const lineProvision = {
    id: 'test-truce/p1.stay-behind-line',
    phase: 'phase-1',
    category: 'withdrawal' as const,
    obligated: ['north'],
    act: 'Stay behind the line.',
    trigger: { on: 'in-force' as const },
    breachedBy: [{ eventType: 'Battles', wrongSideOf: 'the-line' }],
    sources: ['https://example.org/truce'],
  };
  const declared: Agreement = {
    ...truce,
    provisions: [lineProvision],
    geometry: [{ name: 'the-line', kind: 'line', meaning: { role: 'withdrawal-line', party: 'north', mustStay: 'east' }, sources: ['https://example.org/truce'] }],
  };
  const loaded: Agreement = { ...declared, geometry: [{ ...declared.geometry![0]!, geojson: { type: 'LineString', coordinates: [[0, 0], [0, 1]] } }] };
  const battle = (id: string, wrongSideOf: string[]) => incident({ id, eventType: 'Battles', subEventType: 'Armed clash', wrongSideOf });
  const incidents = [battle('west-of-line', ['the-line']), battle('east-of-line', [])];
  const status = (agreement: Agreement) => assessCompliance({ agreement, asOf: '2030-03-10T00:00:00Z', incidents }).provisions[0]!;

  const notLoaded = status(declared);
  assert.equal(notLoaded.status, 'not-assessable');
  assert.match(notLoaded.reason, /the-line not loaded/);
  const judged = status(loaded);
  assert.equal(judged.status, 'breached');
  assert.deepEqual(judged.breaches.verified.incidentIds, ['west-of-line']);
});

test('entries standing for several incidents give the report the incidents give one by one, ids too, whether every id is given or only the wanted entries\' (two steps)', () => {
  // Few distinct values, so many incidents are alike; a party and the group it answers for, links, the start day
  // and discounted grades all in the mix.
  let seed = 7;
  const pick = <T>(xs: readonly T[]): T => xs[((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) >>> 8) % xs.length]!;
  const singles = Array.from({ length: 3000 }, (_, k) =>
    incident({
      id: `m-${String(k).padStart(4, '0')}`,
      date: pick(['2030-03-01', '2030-03-04', '2030-03-09']),
      status: pick(['verified', 'published', 'draft'] as const),
      grade: pick(['confirmed', 'discounted', null] as const),
      perpetrator: pick(['north', 'south', 'south-militia']),
      eventType: pick(['Battles', 'Explosions/Remote violence', 'Protests']),
      provisionIds: pick([[], ['test-truce/p1.withdraw'], ['test-truce/p2.disarm', 'test-truce/p1.ceasefire']]),
      killedBest: pick([0, 1, 4, null]),
    }),
  );
  const entries = new Map<string, ComplianceIncident & { count: number; killedBest: number; members: number[] }>();
  singles.forEach((i, position) => {
    const key = JSON.stringify([i.date, i.status, i.grade, i.perpetrator, i.eventType, i.subEventType, i.provisionIds]);
    let e = entries.get(key);
    if (!e) entries.set(key, (e = { ...i, id: `entry-${entries.size}`, count: 0, killedBest: 0, members: [] }));
    e.count++;
    e.killedBest += i.killedBest ?? 0;
    e.members.push(position);
  });
  assert.ok(entries.size < singles.length / 3, 'the incidents hardly group');
  const occurrences = [{ id: 'test-truce/p1.withdraw', at: '2030-03-02T00:00:00+02:00' }];
  const memberIds = singles.map((i) => i.id);
  for (const evidenceLimit of [undefined, 7, Infinity]) {
    const one = run({ incidents: singles, occurrences, evidenceLimit });
    assert.deepEqual(run({ incidents: [...entries.values()], memberIds, occurrences, evidenceLimit }), one);
    // Two steps: the ids of the wanted entries' incidents only.
    const deferred = assessComplianceDeferred({ agreement: truce, asOf: '2030-03-10T00:00:00Z', incidents: [...entries.values()].map(({ members: _m, ...e }) => e), occurrences, evidenceLimit });
    const byEntry = new Map([...entries.values()].map((e) => [e.id, e.members.map((m) => memberIds[m]!)]));
    const finished = deferred.finish((e) => {
      assert.ok(deferred.wanted.has(e), `the ids of ${e.id} were asked for though it was not wanted`);
      return byEntry.get(e.id)!;
    });
    assert.deepEqual(finished, one);
    // Only the newest day's entries of each list (of three days) are wanted.
    if (evidenceLimit === 7) assert.ok(deferred.wanted.size < entries.size * 0.6, `a limit of 7 wanted ${deferred.wanted.size} of ${entries.size} entries`);
  }
  const one = run({ incidents: singles, occurrences });
  const south = one.provisions.find((p) => p.provisionId === 'test-truce/p1.ceasefire' && p.party === 'south')!;
  assert.ok(south.breaches.verified.count > 100 && south.breaches.discounted.count > 100 && south.breaches.onStartDay.count > 0, 'the comparison has nothing to compare');
  // Without members an entry is listed once: counts as before, one id per entry.
  const counted = run({ incidents: [...entries.values()].map(({ members: _m, ...e }) => e), occurrences });
  assert.deepEqual(counted.provisions.map((p) => [p.status, p.reason, p.breaches.verified.count]), one.provisions.map((p) => [p.status, p.reason, p.breaches.verified.count]));
});

test('each evidence list names its latest 100 incidents, newest first, and counts every one', () => {
  const days = ['2030-03-02', '2030-03-03', '2030-03-05', '2030-03-08'];
  const incidents = Array.from({ length: 250 }, (_, k) => incident({ id: `e-${String((k * 37) % 250).padStart(3, '0')}`, date: days[k % days.length], grade: k % 5 === 0 ? 'discounted' : 'fair', status: k % 3 === 0 ? 'draft' : 'verified' }));
  const cf = one(run({ incidents }), 'p1.ceasefire', 'north');
  const all = one(run({ incidents, evidenceLimit: Infinity }), 'p1.ceasefire', 'north');
  const expected = (list: (typeof EVIDENCE_LISTS)[number]) =>
    incidents
      .filter((i) => (list === 'discounted' ? i.grade === 'discounted' : i.grade !== 'discounted' && (list === 'verified') === (i.status === 'verified')))
      .sort((a, b) => b.date.localeCompare(a.date) || b.id.localeCompare(a.id))
      .map((i) => i.id);
  for (const list of ['verified', 'alleged', 'discounted'] as const) {
    const ids = expected(list);
    assert.equal(cf.breaches[list].count, ids.length, list);
    assert.deepEqual(all.breaches[list].incidentIds, ids, `${list}, all listed`);
    assert.deepEqual(cf.breaches[list].incidentIds, ids.slice(0, 100), `${list}, the latest 100`);
  }
  assert.equal(cf.breaches.verified.count, 133);
  assert.equal(cf.breaches.verified.incidentIds.length, 100);
  assert.equal(cf.breaches.verified.incidentIds[0], expected('verified')[0]);
  assert.equal(run({ incidents }).evidenceLimit, 100);
  assert.equal(run({ incidents, evidenceLimit: Infinity }).evidenceLimit, null);
});

test('per party, an incident breaching two provisions counts once', () => {
  const incidents = [
    incident({ id: 'both', provisionIds: ['test-truce/p1.withdraw'] }),
    incident({ id: 'strike', date: '2030-03-06' }),
    incident({ id: 'draft', status: 'draft', provisionIds: ['test-truce/p1.withdraw'] }),
    incident({ id: 'theirs', perpetrator: 'south' }),
  ];
  const r = run({ incidents, occurrences: [{ id: 'test-truce/p1.withdraw', at: '2030-03-02T00:00:00+02:00' }] });
  assert.equal(one(r, 'p1.withdraw', 'north').breaches.verified.count, 1);
  assert.equal(one(r, 'p1.ceasefire', 'north').breaches.verified.count, 2);
  assert.deepEqual(r.parties.find((p) => p.party === 'north'), { party: 'north', verified: 2, alleged: 1 });
  assert.deepEqual(r.parties.find((p) => p.party === 'south'), { party: 'south', verified: 1, alleged: 0 });
});

test('the evidence classifier sorts each incident into the list the engine counts it in', () => {
  let seed = 11;
  const pick = <T>(xs: readonly T[]): T => xs[((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) >>> 8) % xs.length]!;
  const incidents = Array.from({ length: 2000 }, (_, k) =>
    incident({
      id: `c-${String(k).padStart(4, '0')}`,
      date: pick(['2030-02-27', '2030-03-01', '2030-03-04', '2030-03-09', '2030-03-12']),
      status: pick(['verified', 'published', 'draft', 'rejected'] as const),
      grade: pick(['confirmed', 'discounted', null] as const),
      perpetrator: pick(['north', 'south', 'south-militia', null]),
      eventType: pick(['Battles', 'Explosions/Remote violence', 'Protests']),
      provisionIds: pick([[], ['test-truce/p1.withdraw'], ['test-truce/p2.disarm', 'test-truce/p1.ceasefire']]),
    }),
  );
  const occurrences = [{ id: 'test-truce/p1.withdraw', at: '2030-03-02T00:00:00+02:00' }];
  const report = run({ incidents, occurrences, evidenceLimit: Infinity });
  let compared = 0;
  for (const a of report.provisions) {
    const c = evidenceClassifier({ agreement: truce, asOf: '2030-03-10T00:00:00Z', occurrences }, a.provisionId, a.party);
    if (c.startsAt !== null) assert.equal(c.startsAt, a.startsAt, a.provisionId);
    for (const list of EVIDENCE_LISTS) {
      const ids = incidents.filter((i) => c.listOf(i) === list).sort(newestFirst).map((i) => i.id);
      assert.deepEqual(ids, a.breaches[list].incidentIds, `${a.provisionId} × ${a.party}: ${list}`);
      compared += ids.length;
    }
  }
  assert.ok(compared > 500, `only ${compared} listed incidents compared`);
});
