// Boundaries an attacker pushes on, on each engine: oversized bodies are refused with a JSON error and change
// nothing; file names and paths that climb out of their folder reach nothing; and a protected report, once
// ingested, appears in no public answer and nowhere in the server's own output.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { ENGINES, testClock } from './support/engines.ts';
import { startServer, stopServer, TRUCE, type ServeProcess } from './support/server.ts';
import type { Store } from '../src/store/connect.ts';
import { buildApp } from '../src/server/app.ts';
import { loadBundledData } from '../src/services/bundled.ts';
import { addUser } from '../src/services/users.ts';
import { LoginThrottle } from '../src/services/auth.ts';
import { storeStatus } from '../src/services/status.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const MARKER = 'QZWPROTECTEDWITNESS';
type Json = Record<string, any>;

for (const engine of ENGINES) {
  describe(`security boundaries on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let app: FastifyInstance;
    let ana: { cookies: Record<string, string>; headers: Record<string, string> };
    before(async () => {
      store = await engine.fresh();
      const ctx = { store, actor: 'setup', ...testClock() };
      await loadBundledData(ctx);
      await addUser(ctx, { name: 'ana', role: 'analyst', password: PASSWORD });
      app = await buildApp({ store, loginThrottle: new LoginThrottle() });
      const res = await app.inject({ method: 'POST', url: '/api/session', payload: { name: 'ana', password: PASSWORD } });
      ana = { cookies: { truce_session: res.cookies.find((c) => c.name === 'truce_session')!.value }, headers: { 'x-csrf-token': (res.json() as Json).csrfToken } };
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('an oversized body is refused with 413 and a JSON error; nothing is stored', async () => {
      const before = await storeStatus(store.db);
      const huge = await app.inject({ method: 'POST', url: '/api/sources', ...ana, payload: { text: 'x'.repeat(3 * 1024 * 1024) } });
      assert.equal(huge.statusCode, 413);
      assert.equal(typeof (huge.json() as Json).error?.message, 'string');
      assert.doesNotMatch(huge.body, /at .*\.ts:\d+/, 'no stack trace');
      assert.deepEqual(await storeStatus(store.db), before);
    });

    test('an uploaded file named to climb out of its folder is read from its own temporary folder only', async () => {
      const boundary = '----truce';
      const body = [
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="../../../../etc/passwd.txt"',
        'Content-Type: text/plain',
        '',
        'Two people were killed by Israeli gunfire in Rafah on Monday, medics said.',
        `--${boundary}--`,
        '',
      ].join('\r\n');
      const res = await app.inject({ method: 'POST', url: '/api/sources/file', ...ana, headers: { ...ana.headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
      assert.equal(res.statusCode, 200, res.body);
      const outcome = (res.json() as Json[])[0]!;
      assert.equal(outcome.status, 'new');
      assert.equal(outcome.origin, 'passwd.txt', 'only the base name is kept');
      assert.doesNotMatch(res.body, /root:x:0:0/);
    });

    test('paths that climb out of the web folder reach nothing on disk', async () => {
      for (const url of ['/assets/..%2f..%2f..%2fpackage.json', '/assets/../../package.json', '/..%2f..%2fpackage.json', '/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd']) {
        const res = await app.inject({ url });
        assert.doesNotMatch(res.body, /"name": "truce"|root:x:0:0/, `${url} served a file from outside web/dist`);
        assert.ok(res.statusCode < 500, `${url} → ${res.statusCode}`);
      }
    });
  });
}

describe('a protected report leaves no trace in public answers or the server output', () => {
  let location: { url: string; dispose(): Promise<void> };
  let server: ServeProcess | undefined;
  let base = '';
  before(async () => {
    location = await ENGINES[0]!.freshLocation();
    const run = (args: string[], input?: string) => spawnSync(process.execPath, [TRUCE, ...args, '--database', location.url], { cwd: ROOT, encoding: 'utf8', input, env: { ...process.env, TRUCE_DATABASE: '', TRUCE_USER: 'setup' } });
    assert.equal(run(['init']).status, 0);
    assert.equal(run(['user', 'add', 'ana', '--role', 'analyst', '--password-stdin'], `${PASSWORD}\n`).status, 0);
    server = await startServer(location.url, { env: { TRUCE_INSECURE_COOKIES: '1' } });
    base = server.url;
  });
  after(async () => {
    await stopServer(server);
    await location?.dispose();
  });

  test('after a protected report is ingested and worked, no public answer and no line of output carries its marker', async () => {
    const login = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ana', password: PASSWORD }) });
    assert.equal(login.status, 200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = ((await login.json()) as Json).csrfToken as string;
    const auth = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };
    const text = `A monitor known as ${MARKER} saw three people killed by Israeli gunfire in Khan Younis on Monday.`;
    const posted = await fetch(`${base}/api/sources`, { method: 'POST', headers: auth, body: JSON.stringify({ text, title: `Field note ${MARKER}`, publisher: `${MARKER} network`, url: `https://example.org/${MARKER}`, publishedAt: '2025-11-04', protected: true }) });
    assert.equal(posted.status, 201, await posted.text());
    // A failed request naming the marker must not echo it into the output either.
    await fetch(`${base}/api/sources`, { method: 'POST', headers: auth, body: JSON.stringify({ text: '', title: MARKER }) });
    for (const path of ['/api/incidents', '/api/sources', '/api/agreements/gaza-2025', '/api/agreements/gaza-2025/compliance', '/api/releases', '/api/series', `/api/incidents?q=${MARKER}`]) {
      const res = await fetch(`${base}${path}`);
      const body = await res.text();
      assert.ok(!body.includes(MARKER), `public ${path} carries the marker`);
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(server!.out.length > 0);
    assert.ok(!server!.out.includes(MARKER), `the server output carries the marker:\n${server!.out}`);
  });
});
