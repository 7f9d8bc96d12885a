// `truce user` and `truce release` as an operator runs them, on each engine: add an admin with a password on
// standard input, issue a token, revoke it, disable a user, make a release; then the server (on the same database)
// accepts the password and token the CLI made, and serves the release.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES } from './support/engines.ts';
import { openStore, type Store } from '../src/store/connect.ts';
import { buildApp } from '../src/server/app.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TRUCE = join(ROOT, 'bin/truce');
const PASSWORD = 'a long enough password';

for (const engine of ENGINES) {
  describe(`truce user and truce release on ${engine.name}`, { skip: engine.skip }, () => {
    let location: { url: string; dispose(): Promise<void> };
    const truce = (args: string[], input?: string) => {
      const r = spawnSync(process.execPath, [TRUCE, ...args], { cwd: ROOT, encoding: 'utf8', input, env: { ...process.env, TRUCE_DATABASE: location.url, TRUCE_USER: 'operator', TRUCE_PASSWORD: '' }, timeout: 120_000 });
      return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
    };
    before(async () => {
      location = await engine.freshLocation();
      assert.equal(truce(['init']).code, 0);
    });
    after(async () => location?.dispose());

    test('users, tokens and releases made on the command line work through the API', async () => {
      const add = truce(['user', 'add', 'ada', '--role', 'admin', '--password-stdin'], `${PASSWORD}\n`);
      assert.equal(add.code, 0, add.err);
      assert.match(add.out, /added ada \(admin\)/);
      const bad = truce(['user', 'add', 'lia', '--role', 'liaison']);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /give --party/);
      assert.doesNotMatch(bad.err, /\n\s+at /);
      assert.equal(truce(['user', 'add', 'lia', '--role', 'liaison', '--party', 'hamas']).code, 0);
      assert.match(truce(['user', 'list']).out, /lia\s+liaison\s+hamas/);
      const tok = truce(['user', 'token', 'ada', '--scope', 'write', '--label', 'script']);
      assert.equal(tok.code, 0, tok.err);
      const secret = tok.out.trim();
      assert.match(secret, /^truce_\S{40,}$/);
      const rel = truce(['release', 'create', '--note', 'weekly']);
      assert.equal(rel.code, 0, rel.err);
      assert.match(rel.out, /release 1 .*\n.*4 agreements/);
      assert.match(truce(['release', 'show', '1']).out, /content matches its hash/);
      assert.equal(truce(['user', 'disable', 'lia']).code, 0);

      const store: Store = await openStore({ engine: engine.name, target: location.url });
      const app = await buildApp({ store });
      try {
        const login = await app.inject({ method: 'POST', url: '/api/session', payload: { name: 'ada', password: PASSWORD } });
        assert.equal(login.statusCode, 200, login.body);
        const users = await app.inject({ url: '/api/users', headers: { authorization: `Bearer ${secret}` } });
        assert.deepEqual((users.json() as Array<{ name: string; disabled: boolean }>).map((u) => [u.name, u.disabled]), [['ada', false], ['lia', true]]);
        assert.equal(((await app.inject('/api/releases/1')).json() as { note: string }).note, 'weekly');
        const id = /tok_\w+/.exec(truce(['user', 'token', 'ada', '--list']).out)![0];
        assert.equal(truce(['user', 'token', 'ada', '--revoke', id]).code, 0);
        assert.equal((await app.inject({ url: '/api/users', headers: { authorization: `Bearer ${secret}` } })).statusCode, 401);
        assert.match(truce(['verify']).out, /no record was changed outside Truce/);
      } finally {
        await app.close();
        await store.close();
      }
    });
  });
}
