import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { register } from './agreement.ts';
import { UserError } from '../../domain/errors.ts';
import { formatComplianceReport, formatProvisionTable } from '../format-agreement.ts';
import { assessCompliance } from '../../domain/compliance.ts';
import { loadAgreementFile } from '../../formats/agreement-yaml.ts';

const path = (rel: string) => fileURLToPath(new URL(`../../../${rel}`, import.meta.url));

/** Runs `truce <args>` with only this file's commands, capturing what it prints. */
async function truce(...args: string[]): Promise<{ out: string; error?: unknown }> {
  let out = '';
  const program = new Command('truce').exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: () => {} });
  register(program);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { out };
  } catch (error) {
    return { out, error };
  }
}

test('truce agreement validate: every bundled agreement is valid', async () => {
  const files = ['gaza-2025', 'lebanon-2024', 'minsk-2015', 'pretoria-2022'].map((n) => path(`data/agreements/${n}.yaml`));
  const { out, error } = await truce('agreement', 'validate', ...files);
  assert.equal(error, undefined);
  assert.equal(out.trim().split('\n').length, 4);
  assert.match(out, /gaza-2025\.yaml: valid — gaza-2025 v1, 23 provisions \(7 uncertain\), 2 phases, 7 lines\/zones \(6 loaded\)/);
});

test('truce agreement validate: a bad file is refused with every problem, as an invalid-input error', async () => {
  const { error } = await truce('agreement', 'validate', path('test/fixtures/agreements/bad-references.yaml'));
  assert.ok(error instanceof UserError);
  assert.equal(error.exitCode, 2);
  const lines = error.message.split('\n');
  assert.match(lines[0]!, /1 of 1 agreement file is not valid \(11 problems/);
  assert.equal(lines.length, 12);
  assert.ok(lines.slice(1).every((l) => /^\S+bad-references\.yaml:\d+: \S+ — .+/.test(l)), lines.join('\n'));
});

test('truce agreement validate --json reports each file', async () => {
  const { out, error } = await truce('agreement', 'validate', '--json', path('data/agreements/minsk-2015.yaml'), path('test/fixtures/agreements/bad-syntax.yaml'));
  assert.ok(error instanceof UserError);
  const parsed = JSON.parse(out) as Array<{ ok: boolean; problems: unknown[] }>;
  assert.deepEqual(parsed.map((r) => [r.ok, r.problems.length]), [[true, 0], [false, 2]]);
});

test('truce schema agreement prints the JSON Schema', async () => {
  const { out } = await truce('schema', 'agreement');
  const schema = JSON.parse(out) as { $schema: string; title: string };
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.equal(schema.title, 'Truce agreement');
});

test('register shares the agreement command with other files instead of adding a second one', () => {
  const program = new Command('truce');
  program.command('agreement').command('load');
  register(program);
  const agreement = program.commands.filter((c) => c.name() === 'agreement');
  assert.equal(agreement.length, 1);
  assert.deepEqual(agreement[0]!.commands.map((c) => c.name()), ['load', 'validate']);
});

test('formatProvisionTable shows each provision with phase, parties, deadline and source', async () => {
  const a = await loadAgreementFile(path('data/agreements/gaza-2025.yaml'));
  const table = formatProvisionTable(a);
  assert.match(table, /Phase one: .* \[phase-1\] — starts on in-force — 16 provisions/);
  assert.match(table, /Phase two: .* \[phase-2\] — starts when phase-1 completes — 7 provisions/);
  assert.match(table, /p1\.release-living-hostages\s+exchange\s+Hamas\s+72 h after p1\.withdraw-to-yellow-line\s+hostages_released >= 20\s+anews\.com\.tr \(\+2\)/);
  assert.match(table, /p1\.aid-trucks \?\s+humanitarian-access\s+Israel\s+—\s+trucks >= 600 per day/);
  assert.match(table, /yellow-line \(line, withdrawal-line\) — Israel stays east: line not loaded/);
  const full = formatProvisionTable(a, { full: true });
  assert.match(full, /source: https:\/\/www\.anews\.com\.tr\/middle-east\/2025\/10\/10\/72-hour-hamas-israel-hostage-exchange-to-begin-us-envoy-says/);
  assert.match(full, /Free every living hostage/);
});

test('formatComplianceReport shows phase readiness, each status with its reason, and verified apart from alleged', async () => {
  const a = await loadAgreementFile(path('data/agreements/gaza-2025.yaml'));
  const report = assessCompliance({
    agreement: a,
    asOf: '2025-12-07T23:59:00+02:00',
    incidents: [
      { id: 'v', date: '2025-10-19', status: 'verified', grade: 'fair', perpetrator: 'hamas', eventType: 'Battles', provisionIds: [], killedBest: 2 },
      { id: 'd', date: '2025-10-20', status: 'draft', grade: 'weak', perpetrator: 'hamas', eventType: 'Battles', provisionIds: [], killedBest: 0 },
    ],
  });
  const text = formatComplianceReport(report, a);
  assert.match(text, /Phase one: .* \[phase-1\]: stalled/);
  assert.match(text, /p1\.cease-attacks \?\s+Hamas\s+BREACHED\s+1 verified incident breaches it; 1 alleged breach not verified/);
  assert.match(text, /incidents: 1 verified \(1 fair; 2 killed, best\) · 1 alleged \(1 weak\)/);
  assert.match(text, /p1\.return-deceased-hostages\s+Hamas\s+OVERDUE\s+deadline 2025-10-13T09:00:00.000Z passed 55.5 days ago/);
  assert.match(text, /waiting for phase-1\.completed/);
  assert.match(text, /p1\.return-deceased-hostages × Hamas: overdue/);
});
