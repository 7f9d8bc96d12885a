// The `truce` command as a user runs it: a real process, a real database on each engine, and what it prints.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES } from './support/engines.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TRUCE = join(ROOT, 'bin/truce');

interface Run {
  code: number;
  out: string;
  err: string;
}

function truce(args: string[], env: Record<string, string> = {}, cwd = ROOT): Run {
  const r = spawnSync(process.execPath, [TRUCE, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, TRUCE_DATABASE: '', TRUCE_USER: 'tester', ...env },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** One line, starting with "truce:", with no stack trace: what every refusal must look like. */
function assertOneLineError(r: Run, pattern: RegExp): void {
  assert.notEqual(r.code, 0, `expected a failure, got exit 0 with ${r.out}`);
  const lines = r.err.trim().split('\n');
  assert.ok(lines.some((l) => pattern.test(l)), `stderr should match ${pattern}: ${r.err}`);
  assert.doesNotMatch(r.err, /\n\s+at /, `no stack trace without --verbose: ${r.err}`);
}

describe('bad input to the CLI', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'truce-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('an unknown command exits 2 and says what to run', () => {
    const r = truce(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown command 'frobnicate'/);
    assert.match(r.err, /--help/);
  });

  test('an unknown flag exits 2', () => {
    const r = truce(['status', '--colour']);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown option '--colour'/);
  });

  test('a database that was never set up is refused with the command that fixes it', () => {
    const r = truce(['status', '--database', join(dir, 'empty.db')]);
    assert.equal(r.code, 3);
    assertOneLineError(r, /truce init/);
  });

  test('an unreadable database path names the path', () => {
    const r = truce(['init', '--database', '/proc/no-such-dir/truce.db']);
    assertOneLineError(r, /\/proc\/no-such-dir\/truce\.db/);
  });

  test('a file that is not a database is refused, and left as it was', () => {
    const notDb = join(dir, 'notes.txt');
    writeFileSync(notDb, 'ceasefire notes, not a database\n'.repeat(100));
    const r = truce(['init', '--database', notDb]);
    assertOneLineError(r, /not a (SQLite )?database|notes\.txt/i);
    assert.equal(readFileSync(notDb, 'utf8'), 'ceasefire notes, not a database\n'.repeat(100));
  });

  test('a malformed postgres URL is refused before connecting', () => {
    for (const url of ['postgres://', 'postgres://host:notaport/db', 'postgresql://user@/']) {
      const r = truce(['status', '--database', url]);
      assert.equal(r.code, 2, `${url}: ${r.err}`);
      assertOneLineError(r, /postgres/i);
    }
  });

  test('a PostgreSQL server that does not answer is reported, not waited on forever', () => {
    const r = truce(['status', '--database', 'postgres://postgres@127.0.0.1:1/truce']);
    assert.equal(r.code, 3);
    assertOneLineError(r, /cannot connect to PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/truce.*check that the server runs/);
  });

  test('--verbose adds the detail', () => {
    const r = truce(['status', '--verbose', '--database', join(dir, 'x.db')]);
    assert.equal(r.code, 3);
    assert.match(r.err, /truce init/);
  });
});

for (const engine of ENGINES) {
  describe(`truce on ${engine.name}`, { skip: engine.skip }, () => {
    let location: { url: string; dispose(): Promise<void> };
    let db: Record<string, string>;
    let dir: string;
    before(async () => {
      location = await engine.freshLocation();
      db = { TRUCE_DATABASE: location.url };
      dir = mkdtempSync(join(tmpdir(), 'truce-cli-'));
    });
    after(async () => {
      await location?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    test('init loads the bundled agreements; a second init adds nothing', () => {
      const first = truce(['init'], db);
      assert.equal(first.code, 0, first.err);
      assert.match(first.out, /agreements loaded: .*gaza-2025/);
      const second = truce(['init'], db);
      assert.equal(second.code, 0, second.err);
      assert.doesNotMatch(second.out, /agreements loaded: \w/);
    });

    test('status prints counts and the database in use', () => {
      const r = truce(['status', '--json'], db);
      assert.equal(r.code, 0, r.err);
      const s = JSON.parse(r.out);
      assert.equal(s.agreements, 4);
      assert.ok(s.provisions > 20);
      assert.ok(s.auditEvents > 0);
      assert.match(s.database, engine.name === 'sqlite' ? /SQLite/ : /PostgreSQL/);
      const text = truce(['status'], db);
      assert.match(text.out, /agreements\s+4 \(\d+ provisions\)/);
    });

    test('agreement list and show', () => {
      const list = truce(['agreement', 'list'], db);
      assert.equal(list.code, 0, list.err);
      for (const id of ['gaza-2025', 'lebanon-2024', 'minsk-2015', 'pretoria-2022']) assert.match(list.out, new RegExp(`^${id}\\s+v1`, 'm'));
      const show = truce(['agreement', 'show', 'gaza-2025'], db);
      assert.equal(show.code, 0, show.err);
      assert.match(show.out, /PROVISION\s+CATEGORY\s+OBLIGATED\s+DEADLINE/);
      assert.match(show.out, /p1\.withdraw-to-yellow-line\s+withdrawal\s+Israel\s+24 h after/);
      assert.match(show.out, /p1\.release-living-hostages\s+exchange\s+Hamas/);
      const missing = truce(['agreement', 'show', 'atlantis-1999'], db);
      assertOneLineError(missing, /no agreement "atlantis-1999".*agreement list/);
    });

    test('an amended agreement is kept beside the old version and "as of" picks the one in force', () => {
      const original = readFileSync(join(ROOT, 'data/agreements/lebanon-2024.yaml'), 'utf8');
      // The amendment: same file, signed a year later, with a new title (this agreement has no geometry files).
      const amended = original.replace(/^title: .*$/m, 'title: Amended cessation of hostilities').replace(/^signedAt: .*$/m, "signedAt: '2025-11-26T00:00:00+02:00'");
      assert.notEqual(amended, original, 'the fixture edit must change the file');
      const file = join(dir, 'amended-lebanon.yaml');
      writeFileSync(file, amended);
      try {
        const refused = truce(['agreement', 'load', file], db);
        assertOneLineError(refused, /already held \(version 1\).*--amends 1/);
        const loaded = truce(['agreement', 'load', file, '--amends', '1'], db);
        assert.equal(loaded.code, 0, loaded.err);
        assert.match(loaded.out, /stored as version 2/);
        const again = truce(['agreement', 'load', file, '--amends', '1'], db);
        assertOneLineError(again, /changed by someone else|version 2/);
      } finally {
        rmSync(file, { force: true });
      }
      assert.match(truce(['agreement', 'show', 'lebanon-2024'], db).out, /held as version 2[\s\S]*Amended cessation/);
      const before = truce(['agreement', 'show', 'lebanon-2024', '--as-of', '2025-01-15'], db);
      assert.match(before.out, /held as version 1/);
      assert.doesNotMatch(before.out, /Amended cessation/);
    });

    test('a malformed agreement file is refused with every problem as file:line: field — message, and nothing is stored', () => {
      const bad = join(dir, 'broken.yaml');
      writeFileSync(bad, ['id: broken-2026', 'title: A broken agreement', 'kind: ceasefire', 'parties: not-a-list', 'phases: []', 'provisions:', '  - id: broken-2026/p1.x', '    phase: nowhere', ''].join('\n'));
      const r = truce(['agreement', 'load', bad], db);
      assert.equal(r.code, 2);
      assert.match(r.err, /broken\.yaml:4: parties/);
      assert.match(r.err, /broken\.yaml:\d+: provisions/);
      assert.doesNotMatch(truce(['agreement', 'list'], db).out, /broken-2026/);
    });

    test('a line redrawn from a GeoJSON file becomes a new geometry version', () => {
      const line = join(dir, 'yellow.geojson');
      writeFileSync(line, JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[34.55, 31.6], [34.5, 31.45], [34.4, 31.3], [34.3, 31.22]] } }));
      const r = truce(['agreement', 'geometry', 'gaza-2025', 'yellow-line', line, '--valid-from', '2025-10-10'], db);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /yellow-line: stored as version 2, valid from 2025-10-10/);
      assert.match(truce(['agreement', 'show', 'gaza-2025'], db).out, /yellow-line \(line, v2, from 2025-10-10\): loaded/);
      const zone = join(dir, 'zone.geojson');
      writeFileSync(zone, JSON.stringify({ type: 'Polygon', coordinates: [[[34.3, 31.2], [34.4, 31.2], [34.4, 31.3], [34.3, 31.2]]] }));
      assertOneLineError(truce(['agreement', 'geometry', 'gaza-2025', 'yellow-line', zone], db), /is a line but .*zone\.geojson holds a Polygon/);
      assertOneLineError(truce(['agreement', 'geometry', 'gaza-2025', 'purple-line', line], db), /declares no line or zone "purple-line"/);
    });

    test('compliance as of a date, as a table and as JSON', () => {
      const text = truce(['compliance', 'gaza-2025', '--as-of', '2025-10-20'], db);
      assert.equal(text.code, 0, text.err);
      assert.match(text.out, /compliance as of 2025-10-20/);
      assert.match(text.out, /p1\.withdraw-to-yellow-line\s+Israel\s+met/);
      const json = JSON.parse(truce(['compliance', 'gaza-2025', '--as-of', '2025-10-20', '--json'], db).out);
      const hostages = json.provisions.find((p: { provisionId: string }) => p.provisionId.endsWith('p1.release-living-hostages'));
      assert.equal(hostages.party, 'hamas');
      assert.equal(hostages.status, 'met');
      // Before the deadline for the deceased hostages passed, that provision cannot be overdue.
      const early = JSON.parse(truce(['compliance', 'gaza-2025', '--as-of', '2025-10-11T00:00:00Z', '--json'], db).out);
      const remains = early.provisions.find((p: { provisionId: string }) => p.provisionId.endsWith('p1.return-deceased-hostages'));
      assert.notEqual(remains.status, 'overdue');
      assertOneLineError(truce(['compliance', 'gaza-2025', '--as-of', 'next week'], db), /not a date/);
      // Every incident behind one of the counts, one per line, the count last (on stderr).
      const evidence = truce(['compliance', 'gaza-2025', '--as-of', '2025-10-20', '--evidence', 'p1.cease-attacks', '--party', 'hamas', '--list', 'alleged'], db);
      assert.equal(evidence.code, 0, evidence.err);
      assert.match(evidence.err, /^\d+ incidents?: gaza-2025\/p1\.cease-attacks × hamas, alleged, as of 2025-10-20T23:59:59Z/);
      for (const line of evidence.out.split('\n').filter(Boolean)) assert.match(line, /^\d{4}-\d{2}-\d{2}  \S+$/);
      assertOneLineError(truce(['compliance', 'gaza-2025', '--evidence', 'p1.cease-attacks', '--party', 'israel'], db), /obliges hamas, not "israel"/);
    });

    test('verify checks the audit chain', () => {
      const r = truce(['verify'], db);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /verif|intact|ok/i);
    });
  });
}
