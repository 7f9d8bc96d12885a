import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import {
  agreementSchema,
  formatProblems,
  InvalidAgreementError,
  loadAgreementFile,
  parseAgreementYaml,
  validateAgreementFile,
} from './agreement-yaml.ts';
import { UserError } from '../domain/errors.ts';
import {
  ACTOR_KINDS,
  AGREEMENT_KINDS,
  COMPARATORS,
  PAX_STAGES,
  PROVISION_CATEGORIES,
  agreementOccurrences,
  findProvision,
  resolveDeadline,
} from '../domain/agreement.ts';
import { EVENT_TYPE_NAMES } from '../domain/acled.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bundledDir = fileURLToPath(new URL('../../data/agreements/', import.meta.url));
const fixture = (name: string) => relative(process.cwd(), fileURLToPath(new URL(`../../test/fixtures/agreements/${name}`, import.meta.url)));
const bundled = readdirSync(bundledDir).filter((f) => f.endsWith('.yaml'));

test('four agreements are bundled', () => {
  assert.deepEqual(bundled.sort(), ['gaza-2025.yaml', 'lebanon-2024.yaml', 'minsk-2015.yaml', 'pretoria-2022.yaml']);
});

for (const name of bundled) {
  test(`bundled ${name} loads and validates, every provision sourced`, async () => {
    const result = await validateAgreementFile(`${bundledDir}${name}`);
    assert.ok(result.ok, result.ok ? '' : formatProblems(result.problems));
    const a = result.agreement;
    assert.equal(`${a.id}.yaml`, name);
    for (const p of a.provisions) {
      assert.ok(p.sources.length > 0, `${p.id} has no source`);
      assert.ok(p.sources.every((s) => /^https?:\/\//.test(s)));
      assert.ok(p.id.startsWith(`${a.id}/`));
    }
  });
}

test('gaza-2025: parties, guarantors, CMCC, phases and the provisions the brief names', async () => {
  const a = await loadAgreementFile(`${bundledDir}gaza-2025.yaml`);
  assert.deepEqual(a.parties.map((p) => p.id), ['israel', 'hamas']);
  assert.deepEqual(a.mediators?.map((p) => p.id), ['united-states', 'egypt', 'qatar', 'turkey']);
  assert.deepEqual(a.guarantors?.map((p) => p.id), ['united-states', 'egypt', 'qatar', 'turkey']);
  assert.deepEqual(a.monitors?.map((p) => p.id), ['cmcc']);
  assert.deepEqual(a.phases.map((p) => p.id), ['phase-1', 'phase-2']);
  const categories = new Set(a.provisions.map((p) => p.category));
  for (const c of ['ceasefire', 'withdrawal', 'exchange', 'humanitarian-access', 'disarmament-ddr', 'interim-governance', 'international-force', 'monitoring', 'amnesty'])
    assert.ok(categories.has(c as never), `no ${c} provision`);
  assert.deepEqual(findProvision(a, 'p1.aid-trucks')?.indicator, { metric: 'trucks', comparator: '>=', target: 600, per: 'day', unit: 'trucks' });
  assert.equal(findProvision(a, 'p1.aid-trucks')?.uncertain, true, 'the 600/day figure rests on a leaked text');
  // The 72-hour clock runs from the withdrawal, which the agreement records as completed at 12:00 on 10 Oct.
  const release = findProvision(a, 'p1.release-living-hostages')!;
  const due = resolveDeadline(a, release, agreementOccurrences(a));
  assert.equal(due.status, 'resolved');
  assert.equal(due.status === 'resolved' && due.at, '2025-10-13T09:00:00.000Z');
});

test('gaza-2025 geometry: the Strip and five governorates are loaded, the yellow line is declared but not drawn', async () => {
  const a = await loadAgreementFile(`${bundledDir}gaza-2025.yaml`);
  const loaded = a.geometry!.filter((g) => g.geojson).map((g) => g.name);
  assert.deepEqual(loaded, ['gaza-strip', 'north-gaza', 'gaza-governorate', 'deir-al-balah', 'khan-younis', 'rafah']);
  const yellow = a.geometry!.find((g) => g.name === 'yellow-line')!;
  assert.equal(yellow.geojson, undefined);
  assert.equal(yellow.file, undefined);
  assert.deepEqual(yellow.meaning, { role: 'withdrawal-line', party: 'israel', mustStay: 'east' });
});

test('the published schema lists the same choices as the TypeScript types', () => {
  const defs = (agreementSchema as { definitions: Record<string, { enum?: string[]; properties?: Record<string, { enum?: string[] }> }> }).definitions;
  const props = (agreementSchema as { properties: Record<string, { enum?: string[] }> }).properties;
  assert.deepEqual(props.kind!.enum, [...AGREEMENT_KINDS]);
  assert.deepEqual(props.paxStage!.enum, [...PAX_STAGES]);
  assert.deepEqual(defs.actorKind!.enum, [...ACTOR_KINDS]);
  assert.deepEqual(defs.provision!.properties!.category!.enum, [...PROVISION_CATEGORIES]);
  const indicator = defs.provision!.properties!.indicator as unknown as { properties: { comparator: { enum: string[] } } };
  assert.deepEqual(indicator.properties.comparator.enum, [...COMPARATORS]);
  const breach = defs.provision!.properties!.breachedBy as unknown as { items: { properties: { eventType: { enum: string[] } } } };
  assert.deepEqual([...breach.items.properties.eventType.enum].sort(), [...EVENT_TYPE_NAMES].sort());
});

test('a valid fixture with drawn lines loads its geometry from the GeoJSON next to it', async () => {
  const a = await loadAgreementFile(fixture('valid-with-lines.yaml'));
  assert.equal(a.geometry!.find((g) => g.name === 'straight-line')!.geojson!.type, 'LineString');
  assert.equal(a.geometry!.find((g) => g.name === 'buffer')!.geojson!.type, 'Polygon');
  assert.equal(a.geometry!.find((g) => g.name === 'undrawn')!.geojson, undefined);
});

test('shape errors: every one is listed as file:line: field — message', async () => {
  const file = fixture('bad-schema.yaml');
  const result = await validateAgreementFile(file);
  assert.equal(result.ok, false);
  const lines = formatProblems(result.problems).split('\n');
  const expected = [
    `${file}:2: inForceAt — is required but missing`,
    `${file}:2: id — "Bad Id" is not in the expected form: lower-case letters, digits and hyphens`,
    `${file}:3: version — must be >= 1`,
    `${file}:6: paxStage — must be one of: Pre, SubPar, SubComp, Imp, Ren, Cea, Oth (got "CEA")`,
    `${file}:7: signedAt — "9 October 2030" is not in the expected form: ISO 8601 date-time with a UTC offset, e.g. 2025-10-10T12:00:00+03:00`,
    `${file}:8: sources[0] — "not-a-url" is not in the expected form (^https?://\\S+$)`,
    `${file}:13: phases[0].start — must be one of {on: signing|in-force}, {afterPhase: <phase id>}, {at: <date-time>}`,
    `${file}:15: provisions[0].act — is required but missing`,
    `${file}:18: provisions[0].obligatedd — is not a known field (known here: id, phase, category, obligated, act, trigger, deadline, indicator, breachedBy, ref, sources, uncertain, note)`,
    `${file}:21: provisions[0].deadline.hours — must be > 0`,
    `${file}:22: provisions[0].indicator.comparator — must be one of: >=, >, <=, <, == (got "=>")`,
    `${file}:22: provisions[0].indicator.target — must be number (got string)`,
  ];
  for (const e of expected) assert.ok(lines.includes(e), `missing: ${e}\n--- got:\n${lines.join('\n')}`);
  assert.ok(lines.some((l) => l.startsWith(`${file}:11: parties[1].kind — must be one of:`)));
  assert.ok(lines.some((l) => l.startsWith(`${file}:17: provisions[0].category — must be one of:`) && l.endsWith('(got "ceasfire")')));
  assert.ok(lines.some((l) => l.startsWith(`${file}:22: provisions[0].indicator.metric —`)));
  assert.ok(lines.includes(`${file}:15: provisions[0].id — must start with the agreement id: "Bad Id/…"`));
  assert.equal(lines.length, 16);
  // Sorted by line so the editor can walk down the file.
  const numbers = result.problems.map((p) => p.line);
  assert.deepEqual(numbers, [...numbers].sort((x, y) => x - y));
});

test('reference errors a schema cannot see are listed too, each at its line', async () => {
  const file = fixture('bad-references.yaml');
  const result = await validateAgreementFile(file);
  assert.equal(result.ok, false);
  assert.deepEqual(formatProblems(result.problems).split('\n'), [
    `${file}:7: signedAt — "2030-09-31T00:00:00Z" is not a real date and time`,
    `${file}:12: parties[1].answersFor[0] — "gamma" is not an actor of this agreement; declare it under actors (known: alpha, beta)`,
    `${file}:14: events[0].fulfils — an event without a date (at) cannot fulfil a provision`,
    `${file}:16: phases[0].start.afterPhase — a phase can only start after an earlier phase; "phase-2" does not come before "phase-1"`,
    `${file}:20: provisions[0].phase — no phase "phase-3" in this agreement (phases: phase-1, phase-2)`,
    `${file}:22: provisions[0].obligated[1] — "delta" is not a party, mediator, guarantor or monitor of this agreement (known: alpha, beta)`,
    `${file}:25: provisions[0].deadline.after — "cabinet-vote" is not an event, provision or phase of this agreement`,
    `${file}:27: provisions[1].id — provision id "refs/p1.one" is used twice`,
    `${file}:34: provisions[2].id — must start with the agreement id: "refs/…"`,
    `${file}:40: provisions[2].breachedBy[0].wrongSideOf — "nowhere" is not a line or zone of this agreement whose meaning names a party and the side it must keep to`,
    `${file}:45: geometry[0].meaning.mustStay — a line has sides (east, west, north, south), not an inside; use kind: zone for areas`,
  ]);
});

test('YAML syntax errors are reported with their lines, and nothing is half-loaded', () => {
  const text = readFileSync(`${root}test/fixtures/agreements/bad-syntax.yaml`, 'utf8');
  const result = parseAgreementYaml(text, 'bad-syntax.yaml');
  assert.equal(result.ok, false);
  assert.deepEqual(formatProblems(result.problems).split('\n'), [
    'bad-syntax.yaml:4: (yaml syntax) — Map keys must be unique',
    'bad-syntax.yaml:7: (yaml syntax) — Missing closing "quote',
  ]);
});

test('geometry files that are missing or of the wrong kind are refused at the line that names them', async () => {
  const file = fixture('missing-geometry-file.yaml');
  const result = await validateAgreementFile(file);
  assert.equal(result.ok, false);
  const [missing, wrongKind] = result.problems;
  assert.equal(missing!.line, 20);
  assert.equal(missing!.field, 'geometry[0].file');
  assert.match(missing!.message, /cannot read GeoJSON nowhere.geojson: not found/);
  assert.equal(wrongKind!.line, 25);
  assert.match(wrongKind!.message, /a zone needs Polygon or MultiPolygon geometry; drawn-lines.geojson has LineString/);
});

test('loadAgreementFile throws a UserError (invalid-input, exit code 2) whose message lists every problem', async () => {
  const file = fixture('bad-references.yaml');
  await assert.rejects(loadAgreementFile(file), (err: unknown) => {
    assert.ok(err instanceof InvalidAgreementError);
    assert.ok(err instanceof UserError);
    assert.equal(err.code, 'invalid-input');
    assert.equal(err.exitCode, 2);
    assert.equal(err.field, `${file}:7`);
    assert.equal(err.problems.length, 11);
    assert.match(err.message, /is not a valid agreement \(11 problems/);
    assert.equal(err.message.split('\n').length, 12);
    return true;
  });
});

test('an unreadable file is one problem, not a crash', async () => {
  const result = await validateAgreementFile('no/such/agreement.yaml');
  assert.equal(result.ok, false);
  assert.equal(result.problems[0]!.field, '(file)');
});
