// `truce report` as a user runs it (a real process on a real database, each engine) and GET
// /api/agreements/:id/report as the public and staff call it: the three formats, --release, one-line errors, and
// the public never getting more than the latest release or anything of a protected source.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { ENGINES, testClock } from './support/engines.ts';
import { MARKER, PERIOD, buildReportData, type ReportData } from './support/report-data.ts';
import { openStore, type Store } from '../src/store/connect.ts';
import { createRelease } from '../src/services/releases.ts';
import { addUser } from '../src/services/users.ts';
import { createToken } from '../src/services/auth.ts';
import { buildApp } from '../src/server/app.ts';
import { CHROMIUM_PATH } from '../src/report/pdf.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TRUCE = join(ROOT, 'bin/truce');
const noChromium = existsSync(CHROMIUM_PATH) ? false : `PDF skipped: no Chromium at ${CHROMIUM_PATH} (CI installs Debian's chromium)`;

function truce(args: string[], database: string) {
  const r = spawnSync(process.execPath, [TRUCE, ...args, '--database', database], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TRUCE_DATABASE: '', TRUCE_USER: 'tester' }, timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
const period = ['--from', PERIOD.from, '--to', PERIOD.to];

for (const engine of ENGINES) {
  describe(`truce report and the report API on ${engine.name}`, { skip: engine.skip }, () => {
    let db: { url: string; dispose(): Promise<void> };
    let store: Store;
    let data: ReportData;
    let dir: string;
    let app: FastifyInstance;
    let staffToken: string;
    before(async () => {
      db = await engine.freshLocation();
      dir = mkdtempSync(join(tmpdir(), 'truce-report-cli-'));
      assert.equal(truce(['init'], db.url).code, 0);
      store = await openStore({ engine: engine.name, target: db.url });
      const ctx = { store, actor: 'amina', ...testClock('2025-11-10T05:00:00.000Z') };
      data = await buildReportData(ctx);
      const viewer = await addUser(ctx, { name: 'vic', role: 'viewer', password: 'correct horse battery staple' });
      staffToken = (await createToken(ctx, viewer.id, 'reports', 'read')).secret;
      app = await buildApp({ store });
    });
    after(async () => {
      await app?.close();
      await store?.close();
      await db?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    test('Markdown to standard output, HTML to a file; nothing protected in either', () => {
      const md = truce(['report', 'gaza-2025', ...period], db.url);
      assert.equal(md.code, 0, md.err);
      assert.match(md.out, /^# Situation report — /);
      assert.match(md.out, /## 1\. Headline figures/);
      assert.match(md.out, /\| COGAT \| trucks \| 4,233 \(605 a day\)/);
      assert.ok(!md.out.includes(MARKER) && !md.out.includes(data.sources.protected));
      const file = join(dir, 'week.html');
      const html = truce(['report', 'gaza-2025', ...period, '--format', 'html', '--out', file], db.url);
      assert.equal(html.code, 0, html.err);
      assert.match(html.err, /wrote .*week\.html \(html, \d+ bytes; 6 incidents, 4 sources\)/);
      const text = readFileSync(file, 'utf8');
      assert.match(text, /^<!doctype html>/);
      assert.ok(!text.includes(MARKER));
    });

    test('PDF to a file', { skip: noChromium }, () => {
      const file = join(dir, 'week.pdf');
      const r = truce(['report', 'gaza-2025', ...period, '--format', 'pdf', '--out', file], db.url);
      assert.equal(r.code, 0, r.err);
      assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
    });

    test('bad input is one line saying what to do', () => {
      const cases: Array<[string[], RegExp]> = [
        [['report', 'gaza-2025', '--from', '2025-11-31', '--to', PERIOD.to], /--from "2025-11-31" is not a day; give YYYY-MM-DD/],
        [['report', 'gaza-2025', ...period, '--format', 'docx'], /--format "docx" is not one of md, html, pdf/],
        [['report', 'gaza-2025', ...period, '--release', '7'], /there is no release 7/],
      ];
      for (const [args, pattern] of cases) {
        const r = truce(args, db.url);
        assert.notEqual(r.code, 0, args.join(' '));
        assert.match(r.err, pattern);
        assert.equal(r.err.trim().split('\n').length, 1, r.err);
      }
    });

    test('the public gets the latest release only; staff get the record or a named release', async () => {
      const url = `/api/agreements/gaza-2025/report?from=${PERIOD.from}&to=${PERIOD.to}`;
      const none = await app.inject(url);
      assert.equal(none.statusCode, 404);
      assert.match(none.json().error.message, /nothing has been released yet/);

      await createRelease({ store, actor: 'ada', ...testClock('2025-11-10T06:00:00.000Z') }, 'week 4');
      const pub = await app.inject(url);
      assert.equal(pub.statusCode, 200, pub.body);
      assert.match(pub.headers['content-type'] as string, /text\/html/);
      assert.equal(pub.headers['x-truce-release'], '1');
      assert.match(pub.headers['content-security-policy'] as string, /default-src 'none'/);
      assert.ok(!pub.body.includes(MARKER) && !pub.body.includes(data.sources.protected));
      assert.match(pub.body, /based on release 1/);
      // Drafts and incidents under review are not in a release.
      assert.doesNotMatch(pub.body, /Shelling\/artillery\/missile attack|Beit Lahia/);
      assert.match(pub.body, /Khan Younis/);

      const staff = await app.inject({ url: `${url}&format=md`, headers: { authorization: `Bearer ${staffToken}` } });
      assert.equal(staff.statusCode, 200, staff.body);
      assert.match(staff.headers['content-type'] as string, /text\/markdown/);
      assert.match(staff.body, /internal record, not a release/);
      assert.match(staff.body, /Shelling\/artillery\/missile attack/);
      assert.ok(!staff.body.includes(MARKER), 'staff reports do not show protected sources either');
      const named = await app.inject({ url: `${url}&format=md&release=1`, headers: { authorization: `Bearer ${staffToken}` } });
      assert.match(named.body, /based on release 1/);

      const bad = await app.inject(`/api/agreements/gaza-2025/report?from=${PERIOD.from}&to=${PERIOD.to}&format=docx`);
      assert.equal(bad.statusCode, 400);
      const missing = await app.inject('/api/agreements/gaza-2025/report?from=2025-11-03');
      assert.equal(missing.statusCode, 400);
      assert.match(missing.json().error.message, /to/);
    });

    test('the API prints a PDF of the release for the public', { skip: noChromium }, async () => {
      const res = await app.inject(`/api/agreements/gaza-2025/report?from=${PERIOD.from}&to=${PERIOD.to}&format=pdf`);
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.match(res.headers['content-disposition'] as string, /attachment; filename="sitrep-gaza-2025-2025-11-03-to-2025-11-09-r1\.pdf"/);
      assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    });
  });
}
