// GET /api/exports/:format on both engines: staff get the internal record, the public only the latest release
// (published incidents), and nobody a protected source's identity or notes drawn from one. Bad options are JSON
// errors, sent before any export byte.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { contentHash } from '../src/domain/source.ts';
import { buildApp } from '../src/server/app.ts';
import { createToken } from '../src/services/auth.ts';
import type { Context } from '../src/services/context.ts';
import * as records from '../src/services/records.ts';
import { createRelease } from '../src/services/releases.ts';
import { addUser } from '../src/services/users.ts';
import type { Store } from '../src/store/connect.ts';
import { ENGINES, testClock } from './support/engines.ts';

const SECRET = 'Witness Idris by the water tower';

for (const engine of ENGINES) {
  describe(`GET /api/exports on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let app: FastifyInstance;
    let staff: string;
    before(async () => {
      store = await engine.fresh();
      const ctx: Context = { store, actor: 'setup', ...testClock() };
      const viewer = await addUser(ctx, { name: 'vic', role: 'viewer', password: 'correct horse battery staple' });
      staff = (await createToken(ctx, viewer.id, 'export test', 'read')).secret;
      const base = { agreementId: null, dateEnd: null, datePrecision: 1 as const, location: { name: 'Harbour Town', admin1: null, admin2: null, lat: 31.5, lon: 34.46, precision: 1 as const }, eventType: 'Battles' as const, subEventType: 'Armed clash', actor1: 'Test Army', actor2: 'Test Militia', killed: { unknown: { low: 1, best: 2, high: 3 } }, injured: {}, grade: null, gradeReason: null, provisions: [], spatial: [] };
      const published = await records.createIncident(ctx, { ...base, date: '2025-10-20', status: 'published', notes: `Seen by ${SECRET}` });
      await records.createIncident(ctx, { ...base, date: '2025-10-21', status: 'draft', notes: 'Draft under review' });
      const text = `${SECRET} reported the exchange.`;
      const { document } = await records.addSourceDocument(ctx, { kind: 'field-report', url: null, title: SECRET, publisher: 'Field team', publishedAt: null, retrievedAt: ctx.now(), language: 'en', text, contentHash: contentHash(text), sensitivity: 'protected', reliability: 'B' });
      await records.addClaim(ctx, { kind: 'incident', sourceDocumentId: document.id, claimantId: null, claimantName: SECRET, claimedAt: null, evidence: null, incidentId: published.id, status: 'accepted', body: { kind: 'incident', date: '2025-10-20', location: 'Harbour Town', perpetrator: null, target: null, eventType: null, subEventType: null, killed: {}, injured: {}, victims: null } });
      app = await buildApp({ store });
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    const get = (url: string, token?: string) => app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

    test('before any release the public export is empty; staff see the record, drafts included', async () => {
      const pub = await get('/api/exports/acled');
      assert.equal(pub.statusCode, 200);
      assert.equal(pub.headers['x-truce-release'], 'none');
      assert.equal(pub.body.trim().split('\n').length, 1, 'header only');
      const own = await get('/api/exports/acled', staff);
      assert.equal(own.statusCode, 200, own.body);
      assert.match(String(own.headers['content-type']), /^text\/csv/);
      assert.match(String(own.headers['content-disposition']), /attachment; filename="truce-incidents\.acled\.csv"/);
      assert.equal(own.body.trim().split('\n').length, 3);
      assert.match(own.body, /Draft under review/);
    });

    test('after a release the public gets the published incident only, with no protected source in any format', async () => {
      await createRelease({ store, actor: 'setup', ...testClock('2025-10-30T00:00:00Z') });
      for (const format of ['acled', 'ucdp', 'hxl', 'geojson', 'jsonl', 'csv']) {
        for (const token of [undefined, staff]) {
          const r = await get(`/api/exports/${format}`, token);
          assert.equal(r.statusCode, 200, `${format}: ${r.body}`);
          assert.ok(!r.body.includes('Idris') && !r.body.includes('Field team'), `${format} (${token ? 'staff' : 'public'}) leaks the protected source`);
          if (!token) {
            assert.ok(!r.body.includes('Draft under review'), `${format}: the public sees a draft`);
            assert.ok(r.body.includes('2025-10-20'), `${format}: the published incident is missing`);
          }
        }
      }
      assert.equal((await get('/api/exports/geojson')).headers['content-type'], 'application/geo+json');
      const jsonl = (await get('/api/exports/jsonl')).body.trim().split('\n');
      assert.equal(jsonl.length, 1);
      assert.equal((JSON.parse(jsonl[0]!) as { notes: unknown }).notes, null);
      const filtered = await get('/api/exports/csv?from=2025-10-21', staff);
      assert.equal(filtered.body.trim().split('\n').length, 2, 'only the 21st');
    });

    test('bad formats and options are JSON errors', async () => {
      const f = await get('/api/exports/kml', staff);
      assert.equal(f.statusCode, 400);
      const d = await get('/api/exports/acled?from=May', staff);
      assert.equal(d.statusCode, 400);
      assert.match((d.json() as { error: { message: string } }).error.message, /from "May" is not a day/);
      const a = await get('/api/exports/acled?agreement=atlantis', staff);
      assert.equal(a.statusCode, 400);
      assert.match((a.json() as { error: { message: string } }).error.message, /no agreement "atlantis" is held/);
    });
  });
}
