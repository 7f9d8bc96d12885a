// `truce tallies` as a user runs it, on both engines: a fresh database with the bundled agreements, the readable
// table and --json, and a one-line error for an agreement that is not held.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ENGINES } from './support/engines.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TRUCE = fileURLToPath(new URL('../bin/truce', import.meta.url));

function truce(args: string[], database: string) {
  const r = spawnSync(process.execPath, [TRUCE, ...args, '--database', database], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TRUCE_DATABASE: '', TRUCE_USER: 'tester' }, timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

for (const engine of ENGINES) {
  describe(`truce tallies on ${engine.name}`, { skip: engine.skip }, () => {
    let db: { url: string; dispose(): Promise<void> };
    before(async () => {
      db = await engine.freshLocation();
      assert.equal(truce(['init'], db.url).code, 0);
    });
    after(async () => db?.dispose());

    test('shows the bodies\u2019 figures beside the verified-incident sum, as text and JSON', () => {
      const text = truce(['tallies', 'gaza-2025', '--as-of', '2025-12-01'], db.url);
      assert.equal(text.code, 0, text.err);
      assert.match(text.out, /Tallies for gaza-2025 since 2025-10-10, as of 2025-12-01/);
      assert.match(text.out, /As reported by each body/);
      assert.match(text.out, /Sum over 0 verified incidents/);
      const json = truce(['tallies', 'gaza-2025', '--as-of', '2025-12-01', '--json'], db.url);
      assert.equal(json.code, 0, json.err);
      const report = JSON.parse(json.out) as { since: string; incidents: { count: number } };
      assert.equal(report.since, '2025-10-10');
      assert.equal(report.incidents.count, 0);
    });

    test('an agreement that is not held, or a bad date, is a one-line error', () => {
      const r = truce(['tallies', 'atlantis-2030'], db.url);
      assert.notEqual(r.code, 0);
      assert.match(r.err.trim(), /^truce: no agreement "atlantis-2030" is held/);
      assert.equal(r.err.trim().split('\n').length, 1);
      const d = truce(['tallies', 'gaza-2025', '--as-of', 'soon'], db.url);
      assert.notEqual(d.code, 0);
      assert.match(d.err, /"soon" is not a date/);
    });
  });
}
