// The web app's server side on each engine, without a browser: the dashboard and map aggregates (staff see the
// whole record, the public only the latest release), and the page routes (index.html with a same-origin CSP for
// any page path, JSON 404 for unknown API paths).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { ENGINES, testClock } from './support/engines.ts';
import type { Store } from '../src/store/connect.ts';
import { buildApp } from '../src/server/app.ts';
import { loadBundledData } from '../src/services/bundled.ts';
import * as records from '../src/services/records.ts';
import { addUser } from '../src/services/users.ts';
import { createRelease } from '../src/services/releases.ts';
import { createToken } from '../src/services/auth.ts';
import { contentHash } from '../src/domain/source.ts';
import { weekOf } from '../src/services/overview.ts';
import { talliesOf } from '../src/services/tallies.ts';

type Json = Record<string, any>;
const HIDDEN = 'ZZWITNESSNAME';

for (const engine of ENGINES) {
  describe(`overview and map aggregates on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let app: FastifyInstance;
    let staff: Record<string, string>;
    before(async () => {
      store = await engine.fresh();
      const ctx = { store, actor: 'setup', ...testClock('2025-11-01T08:00:00.000Z') };
      await loadBundledData(ctx);
      const u = await addUser(ctx, { name: 'vic', role: 'viewer' });
      staff = { authorization: `Bearer ${(await createToken(ctx, u.id, 'test', 'read')).secret}` };
      const text = `${HIDDEN} saw a strike in Jabalia that killed two people.`;
      const prot = await records.addSourceDocument(ctx, { kind: 'field-report', url: null, title: HIDDEN, publisher: null, publishedAt: '2025-10-20T00:00:00Z', retrievedAt: '2025-10-20T01:00:00Z', language: 'en', text, contentHash: contentHash(text), sensitivity: 'protected', reliability: null });
      const base = { agreementId: 'gaza-2025', dateEnd: null, datePrecision: 1 as const, eventType: 'Explosions/Remote violence' as const, subEventType: 'Air/drone strike', actor2: null, injured: {}, grade: 'fair' as const, gradeReason: 'two sources', provisions: [], spatial: [], notes: null };
      const at = (name: string, lat: number, lon: number) => ({ name, admin1: null, admin2: null, lat, lon, precision: 1 as const });
      // Published: 2 (Israel, week of 13 Oct) + 3 (Hamas, week of 20 Oct); verified, not yet released: 4 (Israel); draft: 10 (Israel); rejected: 50.
      const pub1 = await records.createIncident(ctx, { ...base, date: '2025-10-14', location: at('Jabalia', 31.5272, 34.483), actor1: 'israel', killed: { civilians: { low: 2, best: 2, high: 3 } }, status: 'published' });
      await records.addClaim(ctx, { kind: 'incident', sourceDocumentId: prot.document.id, claimantId: null, claimantName: HIDDEN, claimedAt: null, evidence: { start: 0, end: text.length, text }, incidentId: pub1.id, status: 'accepted', body: { kind: 'incident', date: null, location: null, perpetrator: null, target: null, eventType: null, subEventType: null, killed: {}, injured: {}, victims: null } });
      await records.createIncident(ctx, { ...base, date: '2025-10-21', location: at('Rafah', 31.2969, 34.2455), actor1: 'Hamas', killed: { sideA: { low: 3, best: 3, high: 3 } }, status: 'published' });
      await records.createIncident(ctx, { ...base, date: '2025-10-22', location: at('Gaza City', 31.5017, 34.4668), actor1: 'israel', killed: { civilians: { low: 4, best: 4, high: 4 } }, status: 'verified' });
      await records.createIncident(ctx, { ...base, date: '2025-10-23', location: at('Bureij', 31.438, 34.403), actor1: 'israel', killed: { civilians: { low: 10, best: 10, high: 10 } }, status: 'draft', grade: null });
      await records.createIncident(ctx, { ...base, date: '2025-10-24', location: at('Khan Younis', 31.3462, 34.3063), actor1: 'israel', killed: { civilians: { low: 50, best: 50, high: 50 } }, status: 'rejected' });
      // Unfiled but inside the Strip after signing: counts for the agreement; one in Beirut does not.
      await records.createIncident(ctx, { ...base, agreementId: null, date: '2025-10-25', location: at('Deir al-Balah', 31.4181, 34.3517), actor1: 'israel', killed: {}, status: 'draft', grade: null });
      await records.createIncident(ctx, { ...base, agreementId: null, date: '2025-10-25', location: at('Beirut', 33.8938, 35.5018), actor1: 'israel', killed: {}, status: 'draft', grade: null });
      await records.defineSeries(ctx, { id: 'cogat.trucks', bodyId: 'cogat', metric: 'trucks', mode: 'daily', unit: 'trucks', description: null, estimated: false, territory: 'gaza-strip' });
      await records.recordSeriesPoint(ctx, { seriesId: 'cogat.trucks', date: '2025-10-15', value: 540, sourceDocumentId: null, note: null });
      await records.recordSeriesPoint(ctx, { seriesId: 'cogat.trucks', date: '2025-10-05', value: 90, sourceDocumentId: null, note: null });
      await createRelease(ctx, 'first');
      app = await buildApp({ store });
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    const get = async (url: string, headers: Record<string, string> = {}) => {
      const res = await app.inject({ url, headers });
      assert.equal(res.statusCode, 200, res.body);
      return { json: res.json() as Json, body: res.body };
    };

    test('staff: day N, verified sum with its range, violations per party per week, aid against the target', async () => {
      const { json: o } = await get('/api/agreements/gaza-2025/overview?asOf=2025-10-31', staff);
      assert.equal(o.view, 'internal');
      assert.equal(o.agreement.dayN, 22, '10 Oct is day 1, 31 Oct day 22');
      assert.deepEqual(o.incidents.byStatus, { published: 2, verified: 1, draft: 2, rejected: 1 });
      assert.deepEqual(o.tallies.verified, { count: 3, killed: { low: 9, best: 9, high: 10 }, injured: null });
      const t = await talliesOf(store, 'gaza-2025', '2025-10-31');
      assert.deepEqual(o.tallies.verified, { count: t.incidents.count, killed: t.incidents.killed.total, injured: t.incidents.injured.total }, 'the same sum as the tallies service');
      assert.deepEqual(o.deathsOverTime.verified.map((p: Json) => [p.date, p.best]), [['2025-10-14', 2], ['2025-10-21', 5], ['2025-10-22', 9]]);
      const v = o.violations;
      assert.equal(v.weeks[0], weekOf('2025-10-10'));
      const israel = v.parties.find((p: Json) => p.id === 'israel');
      const hamas = v.parties.find((p: Json) => p.id === 'hamas');
      const w = (d: string) => v.weeks.indexOf(weekOf(d));
      assert.equal(israel.verified[w('2025-10-14')], 1);
      assert.equal(israel.verified[w('2025-10-22')], 1);
      assert.equal(israel.alleged[w('2025-10-23')], 2, 'the draft and the unfiled draft inside the Strip; not Beirut, not the rejected one');
      assert.equal(hamas.verified[w('2025-10-21')], 1, '"Hamas" as written is the party hamas');
      assert.equal(o.aid.target, 600);
      assert.deepEqual(o.aid.bodies.map((b: Json) => [b.body, b.points.length]), [['cogat', 1]], 'only points since the start');
      assert.equal(o.pledges.requirement.target, 20000);
      assert.ok(o.phases.length >= 2);
    });

    test('a change shows at once (never an answer from before the last write); an unfiled verified incident inside the Strip counts', async () => {
      const before = (await get('/api/agreements/gaza-2025/overview?asOf=2025-10-31', staff)).json;
      const ctx = { store, actor: 'setup', ...testClock('2025-11-02T08:00:00.000Z') };
      // Filed under no agreement but inside the Strip: it counts, as the tallies service counts it.
      const added = await records.createIncident(ctx, { agreementId: null, date: '2025-10-30', dateEnd: null, datePrecision: 1, location: { name: 'Khan Younis', admin1: null, admin2: null, lat: 31.3462, lon: 34.3063, precision: 1 }, eventType: 'Battles', subEventType: 'Armed clash', actor1: 'hamas', actor2: null, killed: { sideB: { low: 1, best: 1, high: 1 } }, injured: {}, grade: 'fair', gradeReason: 'two sources', status: 'verified', provisions: [], spatial: [], notes: null });
      try {
        const after = (await get('/api/agreements/gaza-2025/overview?asOf=2025-10-31', staff)).json;
        assert.equal(after.tallies.verified.count, before.tallies.verified.count + 1);
        assert.equal(after.tallies.verified.killed.best, before.tallies.verified.killed.best + 1);
      } finally {
        await records.updateIncident(ctx, added.id, added.version, { status: 'rejected' }, 'test cleanup');
      }
    });

    test('the public: only the latest release, nothing drawn from a protected source', async () => {
      const { json: o, body } = await get('/api/agreements/gaza-2025/overview?asOf=2025-10-31');
      assert.equal(o.view, 'public');
      assert.equal(o.release, 1);
      assert.deepEqual(o.incidents.byStatus, { published: 2 });
      assert.deepEqual(o.tallies.verified.killed, { low: 5, best: 5, high: 6 });
      assert.doesNotMatch(body, new RegExp(HIDDEN));
      const { json: m, body: mb } = await get('/api/agreements/gaza-2025/map');
      assert.deepEqual(m.points.map((p: Json) => p.place).sort(), ['Jabalia', 'Rafah']);
      assert.doesNotMatch(mb, new RegExp(HIDDEN));
    });

    test('map: points for every open incident of the agreement, deadliest first, with lines and zones', async () => {
      const { json: m } = await get('/api/agreements/gaza-2025/map', staff);
      assert.equal(m.total, 5, 'rejected ones and Beirut left out');
      assert.deepEqual(m.points.map((p: Json) => p.killed), [10, 4, 3, 2, null]);
      assert.equal(m.points.find((p: Json) => p.place === 'Rafah').perpetrator, 'hamas');
      const yellow = m.geometry.find((g: Json) => g.name === 'yellow-line');
      assert.equal(yellow.loaded, false);
      assert.equal(m.geometry.find((g: Json) => g.role === 'agreement-area').geojson.type.endsWith('Polygon'), true);
      const { json: few } = await get('/api/agreements/gaza-2025/map?limit=2', staff);
      assert.equal(few.points.length, 2);
      assert.equal(few.total, 5);
    });

    test('pages: any page path is the app with a same-origin CSP; unknown API paths stay JSON 404s', async () => {
      for (const url of ['/', '/incidents/inc_x', '/public/map']) {
        const res = await app.inject({ url });
        assert.equal(res.statusCode, 200, url);
        assert.match(String(res.headers['content-type']), /text\/html/);
        assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
      }
      const api = await app.inject({ url: '/api/nothing-here' });
      assert.equal(api.statusCode, 404);
      assert.equal((api.json() as Json).error.code, 'not-found');
      assert.equal((await app.inject({ url: '/favicon.ico' })).statusCode, 404);
      const unknown = await app.inject({ url: '/api/agreements/nope/overview' });
      assert.equal(unknown.statusCode, 404);
    });
  });
}
