// The role table is the single source of authorisation: every route registered in Fastify, for every role, is
// allowed or refused (401 for the public, 403 for a signed-in role) exactly as src/server/access.ts says; a route
// missing from the table fails here, and so does a table line for a route that no longer exists.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { ENGINES, testClock } from './support/engines.ts';
import type { Store } from '../src/store/connect.ts';
import { buildApp } from '../src/server/app.ts';
import { ACCESS, ACCESS_ROLES, allowedRoles, registeredRoutes, type AccessRole } from '../src/server/access.ts';
import { createToken } from '../src/services/auth.ts';
import { addUser } from '../src/services/users.ts';

/** A concrete URL for a registered route pattern. */
const concrete = (url: string) => url.replace(':entity', 'incident').replace(':number', '1').replace(/:[A-Za-z]+/g, 'x').replace('*', 'x');

for (const engine of ENGINES) {
  describe(`access table on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let app: FastifyInstance;
    const tokens = new Map<AccessRole, string>();
    before(async () => {
      store = await engine.fresh();
      const ctx = { store, actor: 'setup', ...testClock() };
      for (const role of ACCESS_ROLES) {
        if (role === 'public') continue;
        const u = await addUser(ctx, { name: `the-${role}`, role, partyId: role === 'liaison' ? 'hamas' : null });
        // Write scope, so the table alone decides (a read token's own refusal is tested in api.test.ts).
        tokens.set(role, (await createToken(ctx, u.id, 'access test', 'write')).secret);
      }
      app = await buildApp({ store });
      await app.ready();
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('every registered route has a rule, and every rule names a registered route', () => {
      const routes = registeredRoutes(app).filter((r) => r.method !== 'HEAD');
      assert.ok(routes.length > 20, `only ${routes.length} routes seen`);
      const missing = routes.filter((r) => !allowedRoles(r.method, r.url)).map((r) => `${r.method} ${r.url}`);
      assert.deepEqual(missing, [], 'routes with no line in src/server/access.ts ACCESS');
      const registered = new Set(routes.map((r) => `${r.method} ${r.url}`));
      assert.deepEqual(Object.keys(ACCESS).filter((k) => !registered.has(k)), [], 'ACCESS lines for routes that do not exist');
    });

    test('every route × every role is allowed or refused as the table says', async () => {
      const mismatches: string[] = [];
      let checked = 0;
      for (const r of registeredRoutes(app)) {
        if (r.method === 'HEAD' || r.url.startsWith('/api/docs')) continue; // the docs browser's own files: EVERYONE by prefix
        const allowed = allowedRoles(r.method, r.url)!;
        for (const role of ACCESS_ROLES) {
          const token = tokens.get(role);
          // No body: an allowed write then stops at validation (400) and changes nothing.
          const res = await app.inject({ method: r.method as 'GET', url: concrete(r.url), headers: token ? { authorization: `Bearer ${token}` } : {} });
          checked++;
          const refused = res.statusCode === 401 || res.statusCode === 403;
          if (allowed.includes(role)) {
            if (refused) mismatches.push(`${role} ${r.method} ${r.url}: allowed by the table but got ${res.statusCode} ${res.body}`);
          } else {
            const want = role === 'public' ? 401 : 403;
            if (res.statusCode !== want) mismatches.push(`${role} ${r.method} ${r.url}: refused by the table, wanted ${want}, got ${res.statusCode}`);
            else assert.equal((res.json() as { error: { code: string } }).error.code, role === 'public' ? 'unauthenticated' : 'forbidden');
          }
        }
      }
      assert.deepEqual(mismatches, []);
      assert.ok(checked >= 6 * 25, `checked ${checked}`);
    });

    test('a route with no rule is refused for everyone, admin included', async () => {
      const bare = await buildApp({ store });
      bare.get('/api/not-in-the-table', async () => ({ secret: true }));
      try {
        const res = await bare.inject({ url: '/api/not-in-the-table', headers: { authorization: `Bearer ${tokens.get('admin')}` } });
        assert.equal(res.statusCode, 403);
        assert.match(res.body, /no access rule/);
      } finally {
        await bare.close();
      }
    });
  });
}
