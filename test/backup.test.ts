// Backup and restore as a user runs them: a backup taken while data exists, more changes after it, and a restore
// into a new database that equals the original at backup time and verifies against its audit log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES } from './support/engines.ts';

const TRUCE = fileURLToPath(new URL('../bin/truce', import.meta.url));

function truce(args: string[], database: string) {
  const r = spawnSync(process.execPath, [TRUCE, ...args], { encoding: 'utf8', env: { ...process.env, TRUCE_DATABASE: database, TRUCE_USER: 'tester' }, timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

for (const engine of ENGINES) {
  describe(`backup and restore on ${engine.name}`, { skip: engine.skip }, () => {
    let original: { url: string; dispose(): Promise<void> };
    let copy: { url: string; dispose(): Promise<void> };
    let dir: string;
    before(async () => {
      original = await engine.freshLocation();
      copy = await engine.freshLocation();
      dir = mkdtempSync(join(tmpdir(), 'truce-backup-'));
    });
    after(async () => {
      await original?.dispose();
      await copy?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    test('a restored database equals the original at backup time and verifies', () => {
      assert.equal(truce(['init'], original.url).code, 0);
      const atBackup = JSON.parse(truce(['status', '--json'], original.url).out);
      const file = join(dir, engine.name === 'sqlite' ? 'truce-backup.db' : 'truce-backup.dump');
      const b = truce(['backup', file], original.url);
      assert.equal(b.code, 0, b.err);
      assert.match(b.out, /backup written/);
      assert.notEqual(truce(['backup', file], original.url).code, 0, 'a backup never overwrites a file');

      // A change after the backup must not appear in the restored copy.
      const line = join(dir, 'line.geojson');
      writeFileSync(line, JSON.stringify({ type: 'LineString', coordinates: [[34.5, 31.5], [34.4, 31.3]] }));
      assert.equal(truce(['agreement', 'geometry', 'gaza-2025', 'yellow-line', line], original.url).code, 0);

      const r = truce(['restore', file], copy.url);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, new RegExp(`${atBackup.auditEvents} audit events and \\d+ records verified`));
      const restored = JSON.parse(truce(['status', '--json'], copy.url).out);
      assert.deepEqual({ ...restored, database: null }, { ...atBackup, database: null });
      assert.equal(truce(['verify'], copy.url).code, 0);

      const again = truce(['restore', file], copy.url);
      assert.notEqual(again.code, 0);
      assert.match(again.err, /--replace/);
    });

    test('a file that is not a backup is refused and the target is left alone', () => {
      const junk = join(dir, 'junk.bin');
      writeFileSync(junk, 'not a backup at all');
      const before = truce(['status', '--json'], copy.url).out;
      const r = truce(['restore', junk, '--replace'], copy.url);
      assert.equal(r.code, 2);
      assert.match(r.err, /is not a Truce backup/);
      assert.equal(truce(['status', '--json'], copy.url).out, before);
    });
  });
}
