// Repeat reads on each engine: a read-only page carries an ETag made of the audit head and what decides its body,
// answers If-None-Match with 304 and is served from the server's cache of responses (gzipped when the client asks)
// until the record changes, whichever process changes it; a page cached for staff never reaches the public or a
// liaison. And credentials verified a moment ago: a revocation made through this server takes effect at once, one made elsewhere within
// CREDENTIAL_CACHE_MS for reads and at once for changes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { ENGINES, testClock } from './support/engines.ts';
import type { Store } from '../src/store/connect.ts';
import { buildApp } from '../src/server/app.ts';
import { HeadReader } from '../src/server/read-cache.ts';
import { auditHeadOf } from '../src/store/repositories/audit.ts';
import { CREDENTIAL_CACHE_MS, createToken, revokeToken } from '../src/services/auth.ts';
import { addUser, changeRole } from '../src/services/users.ts';
import { createRelease } from '../src/services/releases.ts';
import * as records from '../src/services/records.ts';
import type { Context } from '../src/services/context.ts';
import type { User } from '../src/domain/user.ts';

type Json = Record<string, any>;
const STAFF_NOTE = 'STAFFONLY-draft-note';
const PAGE = '/api/incidents?from=2025-10-01&limit=20';

for (const engine of ENGINES) {
  describe(`read cache and ETags on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let app: FastifyInstance;
    let ctx: Context;
    const tokens: Record<string, string> = {};
    const users: Record<string, User> = {};
    const ids: Record<string, string> = {};
    const as = (name: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${tokens[name]}`, ...extra });

    before(async () => {
      store = await engine.fresh();
      ctx = { store, actor: 'setup', ...testClock() };
      await records.createActor(ctx, { id: 'hamas', name: 'Hamas', aliases: [], kind: 'armed-group', affiliation: null, acledActorType: null, wikidataId: null });
      for (const [name, role] of [['ana', 'analyst'], ['vic', 'viewer'], ['ada', 'admin']] as const) users[name] = await addUser(ctx, { name, role });
      users.lia = await addUser(ctx, { name: 'lia', role: 'liaison', partyId: 'hamas' });
      for (const name of Object.keys(users)) tokens[name] = (await createToken(ctx, users[name]!.id, 'test', name === 'ana' ? 'write' : 'read')).secret;
      const base = {
        agreementId: null, dateEnd: null, datePrecision: 1 as const, location: { name: 'Rafah', admin1: 'Rafah', admin2: null, lat: 31.28, lon: 34.25, precision: 2 as const },
        eventType: 'Battles' as const, subEventType: 'Armed clash', actor1: 'hamas', actor2: null, killed: {}, injured: {}, grade: 'fair' as const, gradeReason: 'two sources', provisions: [], spatial: [],
      };
      ids.published = (await records.createIncident({ ...ctx, actor: 'ana' }, { ...base, date: '2025-10-20', status: 'published', notes: 'shelling reported by two outlets' })).id;
      ids.draft = (await records.createIncident({ ...ctx, actor: 'ana' }, { ...base, date: '2025-10-21', status: 'draft', notes: STAFF_NOTE })).id;
      await createRelease(ctx, 'first');
      app = await buildApp({ store });
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('a repeated page is the same body with the same ETag, and 304 when the ETag is sent back', async () => {
      const first = await app.inject({ url: PAGE, headers: as('ana') });
      assert.equal(first.statusCode, 200, first.body);
      const etag = first.headers.etag as string;
      assert.match(etag, /^"[\w-]+"$/);
      assert.match(String(first.headers['cache-control']), /private/);
      const second = await app.inject({ url: PAGE, headers: as('ana') });
      assert.equal(second.body, first.body);
      assert.equal(second.headers.etag, etag);
      assert.match(String(second.headers['content-type']), /application\/json/);
      const revalidated = await app.inject({ url: PAGE, headers: as('ana', { 'if-none-match': etag }) });
      assert.equal(revalidated.statusCode, 304);
      assert.equal(revalidated.body, '');
      const weak = await app.inject({ url: PAGE, headers: as('ana', { 'if-none-match': `"other", W/${etag}` }) });
      assert.equal(weak.statusCode, 304, 'a list of ETags and the weak form match too');
      const otherQuery = await app.inject({ url: `${PAGE}&status=draft`, headers: as('ana', { 'if-none-match': etag }) });
      assert.equal(otherQuery.statusCode, 200, 'another query is another body');
      assert.notEqual(otherQuery.headers.etag, etag);
      // A client that accepts gzip (every browser) gets the kept page compressed, under its own ETag.
      const gz = await app.inject({ url: PAGE, headers: as('ana', { 'accept-encoding': 'gzip, deflate, br' }) });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(gunzipSync(gz.rawPayload).toString('utf8'), first.body);
      assert.notEqual(gz.headers.etag, etag);
      assert.match(String(gz.headers.vary), /accept-encoding/);
      assert.equal((await app.inject({ url: PAGE, headers: as('ana', { 'accept-encoding': 'gzip', 'if-none-match': gz.headers.etag as string }) })).statusCode, 304);
      const one = await app.inject({ url: `/api/incidents/${ids.published}`, headers: as('ana') });
      assert.equal((await app.inject({ url: `/api/incidents/${ids.published}`, headers: as('ana', { 'if-none-match': one.headers.etag as string }) })).statusCode, 304, 'one incident too');
    });

    test('after an edit through this server, or written by another process, the page shows it and old ETags no longer match', async () => {
      const first = await app.inject({ url: PAGE, headers: as('ana') });
      const etag = first.headers.etag as string;
      const draft = (first.json() as Json).incidents.find((i: Json) => i.id === ids.draft);
      const edited = await app.inject({ method: 'PATCH', url: `/api/review/${ids.draft}`, headers: as('ana'), payload: { version: draft.version, fields: { notes: `${STAFF_NOTE} checked on the map` }, reason: 'checked' } });
      assert.equal(edited.statusCode, 200, edited.body);
      const afterEdit = await app.inject({ url: PAGE, headers: as('ana', { 'if-none-match': etag }) });
      assert.equal(afterEdit.statusCode, 200, 'the ETag from before the edit no longer matches');
      assert.equal((afterEdit.json() as Json).incidents.find((i: Json) => i.id === ids.draft).notes, `${STAFF_NOTE} checked on the map`);

      // Another server (here: the service called directly, as the CLI or a second `truce serve` would) moves only the
      // audit head in the database; this server's cached page must not outlive it.
      const current = (afterEdit.json() as Json).incidents.find((i: Json) => i.id === ids.draft);
      await records.updateIncident({ ...ctx, actor: 'rev' }, ids.draft!, current.version, { notes: `${STAFF_NOTE} edited elsewhere` });
      const elsewhere = await app.inject({ url: PAGE, headers: as('ana', { 'if-none-match': afterEdit.headers.etag as string }) });
      assert.equal(elsewhere.statusCode, 200);
      assert.equal((elsewhere.json() as Json).incidents.find((i: Json) => i.id === ids.draft).notes, `${STAFF_NOTE} edited elsewhere`);
      const single = await app.inject({ url: `/api/incidents/${ids.draft}`, headers: as('ana') });
      assert.equal((single.json() as Json).notes, `${STAFF_NOTE} edited elsewhere`);
    });

    test('a page cached for staff never reaches the public or a liaison, and their ETags differ', async () => {
      const staff = await app.inject({ url: PAGE, headers: as('vic') });
      assert.equal(staff.statusCode, 200);
      assert.ok(staff.body.includes(STAFF_NOTE), 'staff read the draft and its notes');
      // The same URL again for staff comes from the cache; then the public and a liaison ask it, with the staff ETag.
      assert.equal((await app.inject({ url: PAGE, headers: as('vic') })).body, staff.body);
      for (const [who, headers] of [['the public', {}], ['a liaison', as('lia')]] as const) {
        for (let k = 0; k < 2; k++) {
          const res = await app.inject({ url: PAGE, headers: { ...headers, 'if-none-match': staff.headers.etag as string } });
          assert.equal(res.statusCode, 200, `${who} never gets a 304 on the staff ETag`);
          assert.notEqual(res.headers.etag, staff.headers.etag);
          assert.ok(!res.body.includes(STAFF_NOTE), `${who} never sees the draft`);
          assert.deepEqual((res.json() as Json).incidents.map((i: Json) => i.id), [ids.published]);
          assert.equal(res.headers['x-truce-release'], '1', 'the release header is given again from the cache');
        }
      }
      const liaison = await app.inject({ url: PAGE, headers: as('lia') });
      const pub = await app.inject({ url: PAGE });
      assert.notEqual(liaison.headers.etag, pub.headers.etag, 'each role has its own cache key');
    });

    test('a role changed or a token revoked through this server takes effect on the next read', async () => {
      const dana = await addUser(ctx, { name: 'dana', role: 'viewer' });
      const { secret, token } = await createToken(ctx, dana.id, 'reader', 'read');
      const auth = { authorization: `Bearer ${secret}` };
      const staffPage = await app.inject({ url: PAGE, headers: auth });
      assert.ok(staffPage.body.includes(STAFF_NOTE));
      await changeRole(ctx, dana.id, dana.version, 'liaison', 'hamas', 'moved to liaison work');
      const demoted = await app.inject({ url: PAGE, headers: auth });
      assert.equal(demoted.statusCode, 200);
      assert.ok(!demoted.body.includes(STAFF_NOTE), 'a viewer made a liaison reads the public record at once');
      await revokeToken(ctx, token.id, null);
      assert.equal((await app.inject({ url: PAGE, headers: auth })).statusCode, 401, 'a revoked token is refused at once');
    });

    test('requests that arrive together share a head read, and one that arrives after a change sees it', async () => {
      const reader = new HeadReader(store);
      const together = await Promise.all(Array.from({ length: 8 }, () => reader.read()));
      assert.ok(together.every((h) => h === together[0]));
      await records.createActor(ctx, { id: `pij-${engine.name}`, name: 'Palestinian Islamic Jihad', aliases: [], kind: 'armed-group', affiliation: null, acledActorType: null, wikidataId: null });
      const inFlight = reader.read(); // started after the change: must see it, as must one queued behind it
      const queued = reader.read();
      const now = (await auditHeadOf(store.db)).hash;
      assert.notEqual(now, together[0]);
      assert.equal(await inFlight, now);
      assert.equal(await queued, now);
    });

    test('the head read beside an open write transaction is the committed one', async () => {
      const committed = await store.readAuditHead!();
      assert.deepEqual(committed, await auditHeadOf(store.db));
      let during: Promise<{ seq: number; hash: string }> | undefined;
      await assert.rejects(
        store.db.transaction().execute(async (tx) => {
          await tx.updateTable('auditHead').set({ hash: 'not-committed' }).where('id', '=', 1).execute();
          during = store.readAuditHead!(); // SQLite: the same connection, inside this transaction
          throw new Error('rolled back');
        }),
        /rolled back/,
      );
      assert.equal((await during!).hash, committed.hash);
    });

    test('a token revoked behind this server’s back is refused within the bound for reads, and at once for changes', async () => {
      const { secret, token } = await createToken(ctx, users.ana!.id, 'elsewhere', 'write');
      const auth = { authorization: `Bearer ${secret}` };
      assert.equal((await app.inject({ url: PAGE, headers: auth })).statusCode, 200);
      // As another server would: straight in the database, so nothing in this process learns of it.
      await store.db.updateTable('apiTokens').set({ revokedAt: new Date().toISOString() }).where('id', '=', token.id).execute();
      const change = await app.inject({ method: 'POST', url: '/api/tokens', headers: auth, payload: { name: 'more', scope: 'read' } });
      assert.equal(change.statusCode, 401, 'a change always asks the database');
      await new Promise((r) => setTimeout(r, CREDENTIAL_CACHE_MS + 50));
      assert.equal((await app.inject({ url: PAGE, headers: auth })).statusCode, 401, `a read is refused after ${CREDENTIAL_CACHE_MS} ms at most`);
    });
  });
}
