// The staff incident page is written straight from the rows the store read (src/server/incident-json.ts), not
// through the IncidentPage schema's serialiser: a reader must get the very bytes that serialiser makes of the same
// records. Checked on both engines against Fastify serialising listIncidents' records through the schema, for
// incidents with awkward values: quotes, backslashes, control characters, emoji and right-to-left text; no place,
// a place without coordinates, negative and fractional coordinates; tolls stored with their groups in another order
// and with fields the schema does not list; spatial facts with every null; several provision links, one without a
// party; and a stored toll the schema would round (its page is then left to the schema's serialiser).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { ENGINES, testClock } from './support/engines.ts';
import type { Store } from '../src/store/connect.ts';
import { buildApp } from '../src/server/app.ts';
import { createToken } from '../src/services/auth.ts';
import { addUser } from '../src/services/users.ts';
import * as records from '../src/services/records.ts';
import type { NewIncident } from '../src/services/records.ts';
import type { Context } from '../src/services/context.ts';
import { type IncidentFilter, listIncidents } from '../src/store/repositories/incidents.ts';
import { IncidentPage } from '../src/server/schemas.ts';

const PAGES: Array<[string, IncidentFilter]> = [
  ['/api/incidents', {}],
  ['/api/incidents?limit=3', { limit: 3 }],
  ['/api/incidents?status=verified,draft&limit=4', { status: ['verified', 'draft'], limit: 4 }],
  ['/api/incidents?agreement=gaza-2025', { agreementId: 'gaza-2025' }],
  ['/api/incidents?q=Rafah', { text: 'Rafah' }],
];

for (const engine of ENGINES) {
  describe(`incident pages written from the rows on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let app: FastifyInstance;
    let reference: FastifyInstance;
    let ctx: Context;
    let auth: Record<string, string>;

    before(async () => {
      store = await engine.fresh();
      ctx = { store, actor: 'setup', ...testClock() };
      const user = await addUser(ctx, { name: 'ana', role: 'analyst' });
      auth = { authorization: `Bearer ${(await createToken(ctx, user.id, 'test', 'read')).secret}` };
      const base: NewIncident = {
        agreementId: null, date: '2025-10-20', dateEnd: null, datePrecision: 1, location: null, eventType: 'Battles', subEventType: 'Armed clash',
        actor1: 'Hamas', actor2: null, killed: {}, injured: {}, grade: null, gradeReason: null, status: 'draft', provisions: [], spatial: [], notes: null,
      };
      const odd: Array<Partial<NewIncident>> = [
        { notes: 'said "no one" left \\ the line\n\ttwo lines \u0001 control \u2028 separator', actor2: 'Civilians (Palestine) – “quoted”' },
        { location: { name: 'رفح Rafah 🕊', admin1: null, admin2: null, lat: null, lon: null, precision: 3 }, date: null, grade: 'fair', gradeReason: 'two "sources"' },
        { location: { name: 'Rafah', admin1: 'Rafah', admin2: 'Tell as-Sultan', lat: 31.280000000000001, lon: -34.25, precision: 1 }, status: 'verified', dateEnd: '2025-10-22', datePrecision: 2 },
        { location: { name: 'Gaza City', admin1: 'Gaza', admin2: null, lat: 31.5017, lon: 34.4668, precision: 2 }, agreementId: 'gaza-2025', provisions: [{ agreementId: 'gaza-2025', provisionId: 'p2.withdraw', partyId: null }, { agreementId: 'gaza-2025', provisionId: 'p1.cease-attacks', partyId: 'israel' }, { agreementId: 'gaza-2025', provisionId: 'p1.stay-behind-yellow-line', partyId: 'hamas' }] },
        { killed: { unknown: { low: 1, best: 2, high: 3 }, civilians: { low: 0, best: 0, high: 1 } }, injured: { sideB: { low: 4, best: 4, high: 9 }, sideA: { low: 0, best: 1, high: 1 } }, status: 'verified' },
        { spatial: [{ geometry: 'yellow-line', side: 'east', distanceMetres: 412.75, inside: null }, { geometry: 'buffer "zone"', side: null, distanceMetres: null, inside: true }, { geometry: 'area', side: null, distanceMetres: 0, inside: false }] },
        { eventType: 'Violence against civilians', subEventType: 'Attack', actor1: null, date: '2025-10-19', notes: '' },
      ];
      for (const [n, o] of odd.entries()) await records.createIncident(ctx, { ...base, ...o, notes: o.notes ?? `incident ${n}` });
      app = await buildApp({ store });
      // The schema's own serialiser, fed the records listIncidents makes: what the route answered before.
      reference = Fastify();
      reference.get('/page', { schema: { response: { 200: IncidentPage } } }, async (req) => listIncidents(store.db, store.engine, JSON.parse((req.query as { f: string }).f) as IncidentFilter));
    });
    after(async () => {
      await app?.close();
      await reference?.close();
      await store?.close();
    });

    const same = async (url: string, f: IncidentFilter) => {
      const got = await app.inject({ url, headers: auth });
      const want = await reference.inject({ url: `/page?f=${encodeURIComponent(JSON.stringify(f))}` });
      assert.equal(got.statusCode, 200, got.body);
      assert.equal(got.headers['content-type'], want.headers['content-type']);
      assert.equal(got.body, want.body, url);
      return JSON.parse(got.body) as { incidents: Array<Record<string, unknown>>; next: string | null };
    };

    test('every page, and the next pages by cursor, is byte for byte what the schema makes of the records', async () => {
      for (const [url, f] of PAGES) {
        let page = await same(url, f);
        assert.ok(page.incidents.length > 0, url);
        while (page.next) page = await same(`${url}${url.includes('?') ? '&' : '?'}after=${page.next}`, { ...f, after: page.next });
      }
      const all = (await same('/api/incidents?limit=100', { limit: 100 })).incidents;
      assert.equal(all.length, 7);
      const linked = all.find((i) => (i.provisions as unknown[]).length === 3)!;
      assert.deepEqual((linked.provisions as Array<{ partyId: string | null }>).map((p) => p.partyId), ['israel', 'hamas', null]);
      assert.deepEqual(Object.keys(all.find((i) => Object.keys(i.killed as object).length === 2)!.killed as object), ['civilians', 'unknown']);
    });

    test('a stored value the schema would change is left to the schema: the page is still what it makes of it', async () => {
      // A toll written by hand, outside Truce: a fraction where the schema takes integers, and a field it does not list.
      await store.db.updateTable('incidents').set({ killed: '{"civilians":{"low":1.5,"best":2,"high":3},"note":"x"}' }).where('notes', '=', 'incident 0').execute();
      const page = await same('/api/incidents?limit=99', { limit: 99 });
      assert.equal(page.incidents.length, 7);
    });
  });
}
