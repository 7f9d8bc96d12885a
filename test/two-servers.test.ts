// A team deployment runs several `truce serve` processes against one database, behind one address. Nothing a user
// relies on may live in one process only: a session made on one server works on the other, an edit made on one is
// what the other serves next (even a page it answered from its response cache a moment before), a stale edit is
// refused whichever server it reaches, signing out ends the session everywhere (for reads within the documented
// CREDENTIAL_CACHE_MS, for changes at once), and failed sign-ins are counted across servers. Two real server
// processes, one database, each engine.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from './support/engines.ts';
import { startServer, stopServer, type ServeProcess } from './support/server.ts';
import { CREDENTIAL_CACHE_MS } from '../src/services/auth.ts';

type Json = Record<string, any>;

for (const engine of ENGINES) {
  describe(`two servers on one ${engine.name} database`, { skip: engine.skip }, () => {
    let a: ServeProcess;
    let b: ServeProcess;
    let dispose: () => Promise<void>;
    before(async () => {
      const where = await engine.freshLocation();
      dispose = where.dispose;
      // The first server sets the database up (first run); the second joins it as a team's second instance would.
      a = await startServer(where.url, { init: true });
      b = await startServer(where.url);
    });
    after(async () => {
      await stopServer(a);
      await stopServer(b);
      await dispose?.();
    });

    test('a session, an edit, a sign-out and failed sign-ins made on one server hold on the other', async () => {
      const password = /password (\S+)/.exec(a.out)?.[1];
      assert.ok(password, `the first run printed the admin's password: ${a.out}`);
      const signIn = await fetch(`${a.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'admin', password }) });
      assert.equal(signIn.status, 200);
      const cookie = /truce_session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')![0];
      const csrf = ((await signIn.json()) as Json).csrfToken as string;
      const as = (json = false) => ({ headers: { cookie, 'x-csrf-token': csrf, ...(json ? { 'content-type': 'application/json' } : {}) } });

      const onB = await fetch(`${b.url}/api/session`, as());
      assert.equal(onB.status, 200, 'the session made on server A is honoured by server B');
      assert.equal(((await onB.json()) as Json).user.name, 'admin');

      const queue = (await (await fetch(`${b.url}/api/review?kind=incidents`, as())).json()) as Json[];
      assert.ok(queue.length > 0, 'the first run left the seed article’s drafts to review');
      const draft = queue[0]!;
      // A reads the incident twice (the second from its response cache, and 304 when the ETag is sent back) ...
      const readOnA = await fetch(`${a.url}/api/incidents/${draft.id}`, as());
      assert.equal(readOnA.status, 200);
      const etag = readOnA.headers.get('etag')!;
      assert.equal((await fetch(`${a.url}/api/incidents/${draft.id}`, { headers: { ...as().headers, 'if-none-match': etag } })).status, 304);
      const edited = await fetch(`${b.url}/api/review/${draft.id}`, { method: 'PATCH', body: JSON.stringify({ version: draft.version, fields: { notes: 'Place checked against the gazetteer by a second analyst.' }, reason: 'checked' }), ...as(true) });
      assert.equal(edited.status, 200, await edited.clone().text());

      const seenOnA = (await (await fetch(`${a.url}/api/review/${draft.id}`, as())).json()) as Json;
      assert.equal(seenOnA.incident.notes, 'Place checked against the gazetteer by a second analyst.', 'server A serves the edit made on server B');
      assert.equal(seenOnA.incident.version, draft.version + 1);
      // ... and after B's edit, A's cached copy and the client's ETag are out of date: the page shows the edit.
      const rereadOnA = await fetch(`${a.url}/api/incidents/${draft.id}`, { headers: { ...as().headers, 'if-none-match': etag } });
      assert.equal(rereadOnA.status, 200, 'the ETag given before the edit on B no longer matches on A');
      assert.equal(((await rereadOnA.json()) as Json).notes, 'Place checked against the gazetteer by a second analyst.');

      const stale = await fetch(`${a.url}/api/review/${draft.id}`, { method: 'PATCH', body: JSON.stringify({ version: draft.version, fields: { notes: 'an edit based on the old copy' }, reason: 'late' }), ...as(true) });
      assert.equal(stale.status, 409, 'an edit based on the copy read before B’s edit is refused on A');
      assert.match(((await stale.json()) as Json).error.message, /changed by someone else/);

      const out = await fetch(`${a.url}/api/session`, { method: 'DELETE', ...as() });
      assert.ok(out.ok);
      assert.equal((await fetch(`${a.url}/api/session`, as())).status, 401, 'signing out on A ends the session on A at once');
      // B verified the session a moment ago: a change asks the database, so it is refused at once; a read may rely on
      // the verified session for at most CREDENTIAL_CACHE_MS (docs/deploy.md), so it is asked until refused.
      const signedOut = performance.now();
      let readOnB = 200;
      while (readOnB === 200 && performance.now() - signedOut < CREDENTIAL_CACHE_MS + 2000) {
        readOnB = (await fetch(`${b.url}/api/session`, as())).status;
        if (readOnB === 200) await new Promise((r) => setTimeout(r, 50));
      }
      const waited = performance.now() - signedOut;
      assert.equal(readOnB, 401, 'signing out on A ends the session on B too');
      assert.ok(waited <= CREDENTIAL_CACHE_MS + 500, `B honoured the ended session for ${Math.round(waited)} ms (bound ${CREDENTIAL_CACHE_MS} ms)`);
      // A change always asks the database: with a second session, verified on B a moment before A ends it, B refuses
      // a change at once.
      const again = await fetch(`${a.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'admin', password }) });
      const cookie2 = /truce_session=[^;]+/.exec(again.headers.get('set-cookie') ?? '')![0];
      const as2 = { cookie: cookie2, 'x-csrf-token': ((await again.json()) as Json).csrfToken as string };
      assert.equal((await fetch(`${b.url}/api/session`, { headers: as2 })).status, 200);
      assert.ok((await fetch(`${a.url}/api/session`, { method: 'DELETE', headers: as2 })).ok);
      const changeOnB = await fetch(`${b.url}/api/review/${draft.id}`, { method: 'PATCH', body: JSON.stringify({ version: draft.version + 1, fields: { notes: 'after signing out' }, reason: 'late' }), headers: { ...as2, 'content-type': 'application/json' } });
      assert.equal(changeOnB.status, 401, 'a change on B with a session ended on A is refused at once');

      // Password guessing spread over the two servers is counted once: five failures in all, then both refuse.
      const guess = (s: ServeProcess, n: number) => fetch(`${s.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'admin', password: `guess-${n}` }) });
      for (let n = 0; n < 5; n++) assert.equal((await guess(n % 2 ? b : a, n)).status, 401);
      assert.equal((await guess(a, 5)).status, 429, 'server A counts the failures made on B');
      assert.equal((await guess(b, 6)).status, 429, 'and B those made on A');
    });
  });
}
