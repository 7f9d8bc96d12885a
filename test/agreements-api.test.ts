// Agreements over HTTP, on each engine: an admin loads an agreement's YAML (the same document again adds nothing, a
// changed one needs --amends, a broken one lists its problems by line), an analyst redraws the yellow line, staff
// read the tallies; the roles that may not are refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { ENGINES, testClock } from './support/engines.ts';
import type { Store } from '../src/store/connect.ts';
import { buildApp } from '../src/server/app.ts';
import { loadBundledData } from '../src/services/bundled.ts';
import { addUser } from '../src/services/users.ts';
import { LoginThrottle } from '../src/services/auth.ts';
import { listGeometries } from '../src/store/repositories/agreements.ts';

const LEBANON = readFileSync(fileURLToPath(new URL('../data/agreements/lebanon-2024.yaml', import.meta.url)), 'utf8');
const PASSWORD = 'correct horse battery staple';
type Json = Record<string, any>;

for (const engine of ENGINES) {
  describe(`agreements over HTTP on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let app: FastifyInstance;
    const as: Record<string, { cookies: Record<string, string>; headers: Record<string, string> }> = {};
    before(async () => {
      store = await engine.fresh();
      const ctx = { store, actor: 'setup', ...testClock() };
      await loadBundledData(ctx);
      for (const [name, role] of [['ada', 'admin'], ['ana', 'analyst'], ['vic', 'viewer']] as const) await addUser(ctx, { name, role, password: PASSWORD });
      app = await buildApp({ store, loginThrottle: new LoginThrottle() });
      for (const name of ['ada', 'ana', 'vic']) {
        const res = await app.inject({ method: 'POST', url: '/api/session', payload: { name, password: PASSWORD } });
        as[name] = { cookies: { truce_session: res.cookies.find((c) => c.name === 'truce_session')!.value }, headers: { 'x-csrf-token': (res.json() as Json).csrfToken } };
      }
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('loading: the same document adds nothing; a changed one needs amends; problems are listed by line', async () => {
      const same = await app.inject({ method: 'POST', url: '/api/agreements', ...as.ada, payload: { yaml: LEBANON } });
      assert.equal(same.statusCode, 200, same.body);
      assert.deepEqual(same.json(), { id: 'lebanon-2024', status: 'held', version: 1 });
      const changed = LEBANON.replace(/^title: .*$/m, 'title: Israel–Lebanon cessation of hostilities (as amended)');
      const conflict = await app.inject({ method: 'POST', url: '/api/agreements', ...as.ada, payload: { yaml: changed } });
      assert.equal(conflict.statusCode, 409);
      assert.match((conflict.json() as Json).error.message, /amendment of version 1/);
      const amended = await app.inject({ method: 'POST', url: '/api/agreements', ...as.ada, payload: { yaml: changed, amends: 1, why: 'title as amended' } });
      assert.equal(amended.statusCode, 201, amended.body);
      assert.equal((amended.json() as Json).version, 2);
      const broken = await app.inject({ method: 'POST', url: '/api/agreements', ...as.ada, payload: { yaml: 'id: x\nparties: [\n' } });
      assert.equal(broken.statusCode, 400);
      assert.match((broken.json() as Json).error.message, /problem.*line \d+/);
      const analyst = await app.inject({ method: 'POST', url: '/api/agreements', ...as.ana, payload: { yaml: LEBANON } });
      assert.equal(analyst.statusCode, 403);
    });

    test('an analyst redraws the yellow line; a polygon for a line or bad coordinates are refused', async () => {
      const line = { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[34.50, 31.60], [34.52, 31.50], [34.40, 31.30]] } };
      const ok = await app.inject({ method: 'POST', url: '/api/agreements/gaza-2025/geometry', ...as.ana, payload: { name: 'yellow-line', geojson: line, validFrom: '2025-10-10' } });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal((ok.json() as Json).version, 2, 'the declared line (version 1) stays for "as of" questions');
      const held = await listGeometries(store.db, 'gaza-2025');
      assert.ok(held.some((g) => g.name === 'yellow-line' && g.geojson !== null));
      const polygon = await app.inject({ method: 'POST', url: '/api/agreements/gaza-2025/geometry', ...as.ana, payload: { name: 'yellow-line', geojson: { type: 'Polygon', coordinates: [[[34.4, 31.3], [34.5, 31.3], [34.5, 31.4], [34.4, 31.3]]] } } });
      assert.equal(polygon.statusCode, 400);
      assert.match((polygon.json() as Json).error.message, /is a line but the posted geojson holds a Polygon/);
      const wild = await app.inject({ method: 'POST', url: '/api/agreements/gaza-2025/geometry', ...as.ana, payload: { name: 'yellow-line', geojson: { type: 'LineString', coordinates: [[340, 31], [34, 31]] } } });
      assert.equal(wild.statusCode, 400);
      const unknown = await app.inject({ method: 'POST', url: '/api/agreements/gaza-2025/geometry', ...as.ana, payload: { name: 'red-line', geojson: line } });
      assert.match((unknown.json() as Json).error.message, /declares no line or zone "red-line"/);
      const viewer = await app.inject({ method: 'POST', url: '/api/agreements/gaza-2025/geometry', ...as.vic, payload: { name: 'yellow-line', geojson: line } });
      assert.equal(viewer.statusCode, 403);
    });

    test('staff read the tallies since the agreement began; the public is sent to the released overview', async () => {
      const t = await app.inject({ url: '/api/agreements/gaza-2025/tallies?asOf=2025-12-01', ...as.vic });
      assert.equal(t.statusCode, 200, t.body);
      assert.equal((t.json() as Json).since, '2025-10-10');
      assert.ok('incidents' in (t.json() as Json) && 'bodies' in (t.json() as Json));
      const pub = await app.inject({ url: '/api/agreements/gaza-2025/tallies' });
      assert.equal(pub.statusCode, 401);
    });
  });
}
