import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import { register } from './extract.ts';

const bin = fileURLToPath(new URL('../../../bin/truce', import.meta.url));
const truceProcess = (args: string[], input: string) => spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8' });

async function truce(...args: string[]): Promise<{ error?: unknown }> {
  const program = new Command('truce').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  register(program);
  try {
    await program.parseAsync(['extract', ...args], { from: 'user' });
    return {};
  } catch (error) {
    return { error };
  }
}

const article = 'An Israeli drone strike killed two men in Deir al-Balah on Saturday, the Health Ministry in Gaza said.';

test('truce extract --json: one JSON object with the contract fields', () => {
  const r = truceProcess(['extract', '-', '--published', '2025-11-03', '--json'], article);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['incidents', 'tallies', 'pledges', 'claims', 'positions']);
  const [i] = out.incidents;
  assert.equal(i.date, '2025-11-01');
  assert.equal(i.location.name, 'Deir al-Balah');
  assert.deepEqual(i.killed, { low: 2, best: 2, high: 2 });
  assert.equal(i.claimedBy, 'Gaza Health Ministry');
  assert.deepEqual(i.provisions, []);
});

test('truce extract --jsonl: one line per input; a bad line gets an error and the run goes on', () => {
  const input = [
    JSON.stringify({ id: 'x1', text: article, published: '2025-11-03' }),
    '{not json',
    JSON.stringify({ id: 'x3', text: article, published: '03/11/2025' }),
    JSON.stringify({ id: 'x4', text: 'Nothing happened today.' }),
  ].join('\n');
  const r = truceProcess(['extract', '--jsonl', '-'], input);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 4);
  assert.equal(lines[0].id, 'x1');
  assert.equal(lines[0].incidents.length, 1);
  assert.match(lines[1].error, /line 2: not valid JSON/);
  assert.equal(lines[2].id, 'x3');
  assert.match(lines[2].error, /"published" must be YYYY-MM-DD/);
  assert.deepEqual(lines[3].incidents, []);
});

test('truce extract: readable summary without --json', () => {
  const r = truceProcess(['extract', '-', '--published', '2025-11-03'], article);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^1 incident, 0 tallies/);
  assert.match(r.stdout, /2025-11-01 {2}Deir al-Balah {2}Israel/);
});

test('truce extract: an unreadable file, a bad date or an unknown agreement is a user error that says what to do', async () => {
  const missing = await truce('/no/such/file.txt');
  assert.ok(missing.error instanceof UserError);
  assert.match(missing.error.message, /cannot read '\/no\/such\/file\.txt': no such file\. Give a readable text file, or - /);
  const date = await truce('-', '--published', '2025-13-40');
  assert.ok(date.error instanceof UserError);
  assert.match(date.error.message, /--published '2025-13-40' is not a calendar date: write it as YYYY-MM-DD/);
  const agreement = await truce('-', '--agreement', 'nowhere-1999');
  assert.ok(agreement.error instanceof UserError);
  assert.match(agreement.error.message, /no file data\/agreements\/nowhere-1999\.yaml/);
});

test('truce extract --agreement: incidents list the provisions they may breach', () => {
  const r = truceProcess(['extract', '-', '--published', '2025-11-03', '--agreement', 'gaza-2025', '--json'], article);
  assert.equal(r.status, 0, r.stderr);
  const [i] = JSON.parse(r.stdout).incidents;
  assert.ok(i.provisions.length > 0);
  assert.ok(i.provisions.every((p: string) => p.startsWith('gaza-2025/')));
});

test('truce extract: exit code and one-line message from the real CLI', () => {
  const r = truceProcess(['extract', '/no/such/file.txt'], '');
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /^truce: cannot read/);
});
