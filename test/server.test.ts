// The HTTP server's public skeleton on each engine: health, agreements and their compliance, the OpenAPI
// document, and the one error shape every failure takes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { ENGINES, testClock } from './support/engines.ts';
import type { Store } from '../src/store/connect.ts';
import { buildApp } from '../src/server/app.ts';
import { loadBundledData } from '../src/services/bundled.ts';

for (const engine of ENGINES) {
  describe(`HTTP server on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let app: FastifyInstance;
    before(async () => {
      store = await engine.fresh();
      await loadBundledData({ store, actor: 'system', ...testClock() });
      app = await buildApp({ store });
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('health names the engine', async () => {
      const r = await app.inject('/api/health');
      assert.equal(r.statusCode, 200);
      assert.deepEqual(r.json(), { ok: true, engine: engine.name });
    });

    test('agreements are listed and one is served with its provisions', async () => {
      const list = (await app.inject('/api/agreements')).json() as Array<{ id: string }>;
      assert.deepEqual(list.map((a) => a.id), ['gaza-2025', 'lebanon-2024', 'minsk-2015', 'pretoria-2022']);
      const gaza = (await app.inject('/api/agreements/gaza-2025')).json() as { provisions: Array<{ id: string; obligated: string[] }> };
      const withdraw = gaza.provisions.find((p) => p.id.endsWith('p1.withdraw-to-yellow-line'));
      assert.deepEqual(withdraw?.obligated, ['israel']);
    });

    test('compliance as of a date', async () => {
      const r = await app.inject('/api/agreements/gaza-2025/compliance?asOf=2025-10-20');
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json() as { asOf: string; version: number; provisions: Array<{ provisionId: string; party: string; status: string; reason: string }> };
      assert.equal(body.asOf, '2025-10-20T23:59:59Z');
      assert.equal(body.version, 1);
      const hostages = body.provisions.find((p) => p.provisionId.endsWith('p1.release-living-hostages'));
      assert.equal(hostages?.status, 'met');
      assert.ok(hostages?.reason.length);
      const bad = await app.inject('/api/agreements/gaza-2025/compliance?asOf=soon');
      assert.equal(bad.statusCode, 400);
      assert.match((bad.json() as { error: { message: string } }).error.message, /not a date/);
    });

    test('errors are JSON with a code and a message, never a stack trace', async () => {
      const cases: Array<[string, number, string]> = [
        ['/api/agreements/atlantis-1999', 404, 'not-found'],
        ['/api/agreements/atlantis-1999/compliance', 404, 'not-found'],
        ['/api/incidents?status=rumoured', 400, 'invalid-input'],
        ['/api/incidents?limit=-3', 400, 'invalid-input'],
        ['/api/incidents?after=not-a-cursor', 400, 'invalid-input'],
        ['/api/no-such-thing', 404, 'not-found'],
      ];
      for (const [url, status, code] of cases) {
        const r = await app.inject(url);
        assert.equal(r.statusCode, status, `${url}: ${r.body}`);
        const body = r.json() as { error: { code: string; message: string } };
        assert.equal(body.error.code, code, url);
        assert.ok(body.error.message.length > 10, url);
        assert.doesNotMatch(r.body, /\bat .*\.ts:\d+/, `${url} leaked a stack trace`);
      }
    });

    test('the OpenAPI document describes the routes', async () => {
      const doc = (await app.inject('/api/openapi.json')).json() as { openapi: string; paths: Record<string, unknown> };
      assert.match(doc.openapi, /^3\./);
      for (const path of ['/api/health', '/api/agreements', '/api/agreements/{id}', '/api/agreements/{id}/compliance', '/api/incidents']) {
        assert.ok(doc.paths[path], `${path} missing from the OpenAPI document`);
      }
    });
  });
}
