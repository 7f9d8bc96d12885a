// The API as users meet it, on each engine: signing in and out, wrong passwords and throttling, CSRF, token scopes
// and revocation, a liaison's claims, releases, the public surface never showing a protected source, JSON errors
// without stack traces, and an OpenAPI document that lists every route.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { ENGINES, testClock } from './support/engines.ts';
import type { Store } from '../src/store/connect.ts';
import { buildApp } from '../src/server/app.ts';
import { ACCESS, EVERYONE, registeredRoutes } from '../src/server/access.ts';
import { LoginThrottle, createToken } from '../src/services/auth.ts';
import { addUser } from '../src/services/users.ts';
import * as records from '../src/services/records.ts';
import { contentHash } from '../src/domain/source.ts';
import type { Context } from '../src/services/context.ts';

const MARKER = 'ZQXMARKER';
const PROTECTED_TEXT = `A field monitor (${MARKER}-witness) saw two tanks cross the line near Beit Lahia at dawn.`;
const PUBLIC_TEXT = 'Two tanks were reported crossing the yellow line near Beit Lahia, the civil defence said.';
const PASSWORD = 'correct horse battery staple';

type Json = Record<string, any>;
const cookieOf = (res: { cookies: Array<{ name: string; value: string }> }) => res.cookies.find((c) => c.name === 'truce_session')!;

for (const engine of ENGINES) {
  describe(`HTTP API with users and roles on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let app: FastifyInstance;
    let ctx: Context;
    let throttleNow = 0;
    const ids: Record<string, string> = {};
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    async function signIn(name: string) {
      const res = await app.inject({ method: 'POST', url: '/api/session', payload: { name, password: PASSWORD }, remoteAddress: `10.0.0.${name.length}` });
      assert.equal(res.statusCode, 200, res.body);
      return { cookie: cookieOf(res), csrf: (res.json() as Json).csrfToken as string };
    }

    before(async () => {
      store = await engine.fresh();
      ctx = { store, actor: 'setup', ...testClock() };
      for (const [name, role] of [['ada', 'admin'], ['ana', 'analyst'], ['vic', 'viewer'], ['rev', 'reviewer']] as const) {
        ids[name] = (await addUser(ctx, { name, role, password: PASSWORD })).id;
      }
      ids.lia = (await addUser(ctx, { name: 'lia', role: 'liaison', partyId: 'hamas', password: PASSWORD })).id;
      await records.createActor(ctx, { id: 'hamas', name: 'Hamas', aliases: [], kind: 'armed-group', affiliation: null, acledActorType: null, wikidataId: null });
      await records.createActor(ctx, { id: 'israel', name: 'Israel', aliases: [], kind: 'state-forces', affiliation: null, acledActorType: null, wikidataId: null });
      const prot = await records.addSourceDocument(ctx, { kind: 'field-report', url: null, title: `Monitor report ${MARKER}`, publisher: `${MARKER} network`, publishedAt: '2025-10-25T06:00:00Z', retrievedAt: '2025-10-25T07:00:00Z', language: 'en', text: PROTECTED_TEXT, contentHash: contentHash(PROTECTED_TEXT), sensitivity: 'protected', reliability: 'B' });
      const pub = await records.addSourceDocument(ctx, { kind: 'news-article', url: 'https://example.org/tanks', title: 'Tanks cross the line', publisher: 'Example', publishedAt: '2025-10-25T09:00:00Z', retrievedAt: '2025-10-25T10:00:00Z', language: 'en', text: PUBLIC_TEXT, contentHash: contentHash(PUBLIC_TEXT), sensitivity: 'public', reliability: 'C' });
      ids.protectedSource = prot.document.id;
      ids.publicSource = pub.document.id;
      const base = {
        agreementId: null, dateEnd: null, datePrecision: 1 as const, location: { name: 'Beit Lahia', admin1: 'North Gaza', admin2: null, lat: 31.55, lon: 34.5, precision: 2 as const },
        eventType: 'Battles' as const, subEventType: 'Armed clash', actor1: 'israel', actor2: null, killed: {}, injured: {}, grade: 'fair' as const, gradeReason: 'two sources', provisions: [], spatial: [],
      };
      const published = await records.createIncident(ctx, { ...base, date: '2025-10-25', status: 'published', notes: `Tanks seen by ${MARKER}-witness` });
      const draft = await records.createIncident(ctx, { ...base, date: '2025-10-26', status: 'draft', notes: 'not yet reviewed' });
      ids.published = published.id;
      ids.draft = draft.id;
      await records.addClaim(ctx, {
        kind: 'incident', sourceDocumentId: prot.document.id, claimantId: null, claimantName: 'a field monitor', claimedAt: '2025-10-25T06:00:00Z',
        evidence: { start: 0, end: PROTECTED_TEXT.length, text: PROTECTED_TEXT }, incidentId: published.id, status: 'accepted',
        body: { kind: 'incident', date: '2025-10-25', location: 'Beit Lahia', perpetrator: 'israel', target: null, eventType: 'Battles', subEventType: 'Armed clash', killed: {}, injured: {}, victims: null },
      });
      await records.defineSeries(ctx, { id: 'monitors.crossings', bodyId: 'hamas', metric: 'line_crossings', mode: 'daily', unit: 'crossings', description: null, estimated: false, territory: 'gaza-strip' });
      await records.recordSeriesPoint(ctx, { seriesId: 'monitors.crossings', date: '2025-10-25', value: 2, sourceDocumentId: prot.document.id, note: null });
      app = await buildApp({ store, loginThrottle: new LoginThrottle(3, 60_000, () => throttleNow) });
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('sign in sets a secure HttpOnly SameSite cookie; the session works until sign-out', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/session', payload: { name: 'ana', password: PASSWORD } });
      assert.equal(res.statusCode, 200, res.body);
      const c = cookieOf(res) as { value: string; httpOnly?: boolean; secure?: boolean; sameSite?: string };
      assert.equal(c.httpOnly, true);
      assert.equal(c.secure, true);
      assert.equal(c.sameSite, 'Strict');
      const body = res.json() as Json;
      assert.equal(body.user.name, 'ana');
      assert.ok(!JSON.stringify(body).includes('scrypt'), 'no password hash in the answer');
      const me = await app.inject({ url: '/api/session', cookies: { truce_session: c.value } });
      assert.equal((me.json() as Json).user.role, 'analyst');
      const out = await app.inject({ method: 'DELETE', url: '/api/session', cookies: { truce_session: c.value }, headers: { 'x-csrf-token': body.csrfToken } });
      assert.equal(out.statusCode, 204);
      const again = await app.inject({ url: '/api/session', cookies: { truce_session: c.value } });
      assert.equal(again.statusCode, 401);
    });

    test('a wrong password and an unknown user get the same 401, and neither opens a session', async () => {
      const wrong = await app.inject({ method: 'POST', url: '/api/session', payload: { name: 'vic', password: 'not the password' }, remoteAddress: '10.1.0.1' });
      const nobody = await app.inject({ method: 'POST', url: '/api/session', payload: { name: 'nobody', password: PASSWORD }, remoteAddress: '10.1.0.2' });
      assert.equal(wrong.statusCode, 401);
      assert.equal(nobody.statusCode, 401);
      assert.equal((wrong.json() as Json).error.message, (nobody.json() as Json).error.message);
      assert.equal(cookieOf(wrong), undefined);
    });

    test('repeated failed logins are throttled (429) even with the right password, until the window passes', async () => {
      for (let i = 0; i < 3; i++) {
        const r = await app.inject({ method: 'POST', url: '/api/session', payload: { name: 'rev', password: `guess ${i} wrong` }, remoteAddress: '10.2.0.1' });
        assert.equal(r.statusCode, 401);
      }
      const blocked = await app.inject({ method: 'POST', url: '/api/session', payload: { name: 'rev', password: PASSWORD }, remoteAddress: '10.2.0.9' });
      assert.equal(blocked.statusCode, 429, 'the user name is throttled from another address too');
      assert.match((blocked.json() as Json).error.message, /try again in 1 minute/);
      throttleNow += 61_000;
      const later = await app.inject({ method: 'POST', url: '/api/session', payload: { name: 'rev', password: PASSWORD }, remoteAddress: '10.2.0.1' });
      assert.equal(later.statusCode, 200);
    });

    test('a cookie-authenticated write without the CSRF token is refused; with it, it goes through', async () => {
      const { cookie, csrf } = await signIn('vic');
      const bare = await app.inject({ method: 'POST', url: '/api/tokens', cookies: { truce_session: cookie.value }, payload: { name: 'x', scope: 'read' } });
      assert.equal(bare.statusCode, 403);
      assert.match((bare.json() as Json).error.message, /x-csrf-token/);
      const forged = await app.inject({ method: 'POST', url: '/api/tokens', cookies: { truce_session: cookie.value }, headers: { 'x-csrf-token': 'guessed' }, payload: { name: 'x', scope: 'read' } });
      assert.equal(forged.statusCode, 403);
      const ok = await app.inject({ method: 'POST', url: '/api/tokens', cookies: { truce_session: cookie.value }, headers: { 'x-csrf-token': csrf }, payload: { name: 'x', scope: 'read' } });
      assert.equal(ok.statusCode, 201, ok.body);
    });

    test('a read token reads but cannot write; a write token writes; a revoked token is refused; tokens are stored hashed', async () => {
      const read = await createToken(ctx, ids.ana!, 'reader', 'read');
      const writeTok = await createToken(ctx, ids.ana!, 'writer', 'write');
      assert.equal((await app.inject({ url: '/api/claims', headers: bearer(read.secret) })).statusCode, 200);
      const refused = await app.inject({ method: 'POST', url: '/api/releases', headers: bearer(read.secret), payload: {} });
      assert.equal(refused.statusCode, 403);
      const statement = { kind: 'position', statement: 'The ministry says the crossing stays open.', body: { kind: 'position', speaker: 'ministry', issue: 'crossing', stance: 'open' } };
      assert.equal((await app.inject({ method: 'POST', url: '/api/claims', headers: bearer(read.secret), payload: statement })).statusCode, 403);
      assert.equal((await app.inject({ method: 'POST', url: '/api/claims', headers: bearer(writeTok.secret), payload: statement })).statusCode, 201);
      const held = await store.db.selectFrom('apiTokens').select('tokenHash').execute();
      assert.ok(held.every((h) => !h.tokenHash.includes(read.secret) && h.tokenHash.length === 64));
      const revoke = await app.inject({ method: 'DELETE', url: `/api/tokens/${read.token.id}`, headers: bearer(writeTok.secret) });
      assert.equal(revoke.statusCode, 200, revoke.body);
      const after = await app.inject({ url: '/api/claims', headers: bearer(read.secret) });
      assert.equal(after.statusCode, 401);
      // Someone else's token cannot be revoked by a non-admin.
      const vics = await createToken(ctx, ids.vic!, 'vic', 'write');
      assert.equal((await app.inject({ method: 'DELETE', url: `/api/tokens/${writeTok.token.id}`, headers: bearer(vics.secret) })).statusCode, 404);
    });

    test('disabling a user stops their token at once; a stale version gets 409', async () => {
      const admin = await createToken(ctx, ids.ada!, 'admin', 'write');
      const victim = await addUser(ctx, { name: 'tmp', role: 'viewer', password: PASSWORD });
      const tok = await createToken(ctx, victim.id, 'tmp', 'read');
      assert.equal((await app.inject({ url: '/api/claims', headers: bearer(tok.secret) })).statusCode, 200);
      const off = await app.inject({ method: 'PATCH', url: `/api/users/${victim.id}`, headers: bearer(admin.secret), payload: { version: victim.version, disabled: true, why: 'left the team' } });
      assert.equal(off.statusCode, 200, off.body);
      assert.equal((off.json() as Json).disabled, true);
      assert.equal((await app.inject({ url: '/api/claims', headers: bearer(tok.secret) })).statusCode, 401);
      const stale = await app.inject({ method: 'PATCH', url: `/api/users/${victim.id}`, headers: bearer(admin.secret), payload: { version: victim.version, role: 'analyst' } });
      assert.equal(stale.statusCode, 409);
      const made = await app.inject({ method: 'POST', url: '/api/users', headers: bearer(admin.secret), payload: { name: 'weak', role: 'viewer', password: 'short' } });
      assert.equal(made.statusCode, 400);
      assert.equal((made.json() as Json).error.field, 'password');
    });

    test('a liaison submits denials for their own party only, and reads only their party’s claims', async () => {
      const tok = await createToken(ctx, ids.lia!, 'liaison', 'write');
      const denial = await app.inject({
        method: 'POST', url: '/api/claims', headers: bearer(tok.secret),
        payload: { kind: 'denial', claimantId: 'israel', statement: 'Hamas denies any fighter was near Beit Lahia.', incidentId: ids.published, body: { kind: 'accusation', accuser: 'israel', accused: 'hamas', act: 'clash' } },
      });
      assert.equal(denial.statusCode, 201, denial.body);
      assert.equal((denial.json() as Json).claimantId, 'hamas', 'the liaison speaks for their party whatever the body says');
      assert.equal((denial.json() as Json).status, 'draft');
      const finding = await app.inject({ method: 'POST', url: '/api/claims', headers: bearer(tok.secret), payload: { kind: 'incident', statement: 'x', body: { kind: 'incident' } } });
      assert.equal(finding.statusCode, 403);
      const seen = (await app.inject({ url: '/api/claims', headers: bearer(tok.secret) })).json() as Json[];
      assert.ok(seen.length >= 1);
      assert.ok(seen.every((c) => c.claimantId === 'hamas'));
      assert.equal((await app.inject({ url: `/api/sources/${ids.protectedSource}`, headers: bearer(tok.secret) })).statusCode, 403);
    });

    test('releases are numbered and citable; the public reads only the latest release', async () => {
      assert.deepEqual((await app.inject('/api/incidents')).json(), { incidents: [], next: null }, 'nothing public before the first release');
      const admin = await createToken(ctx, ids.ada!, 'rel', 'write');
      const r1 = await app.inject({ method: 'POST', url: '/api/releases', headers: bearer(admin.secret), payload: { note: 'first' } });
      assert.equal(r1.statusCode, 201, r1.body);
      const rel = r1.json() as Json;
      assert.equal(rel.number, 1);
      assert.equal(rel.counts.incidents, 1);
      assert.match(rel.contentHash, /^[0-9a-f]{64}$/);
      const list = await app.inject('/api/incidents');
      assert.equal(list.headers['x-truce-release'], '1');
      assert.deepEqual((list.json() as Json).incidents.map((i: Json) => i.id), [ids.published]);
      assert.equal((await app.inject(`/api/incidents/${ids.draft}`)).statusCode, 404, 'a draft is not public');
      // Publishing the draft changes nothing public until the next release; release 1 itself never changes.
      await records.updateIncident(ctx, ids.draft!, 1, { status: 'published' });
      assert.equal(((await app.inject('/api/incidents')).json() as Json).incidents.length, 1);
      const r2res = await app.inject({ method: 'POST', url: '/api/releases', headers: bearer(admin.secret), payload: {} });
      assert.equal(r2res.statusCode, 201, r2res.body);
      const r2 = r2res.json() as Json;
      assert.equal(r2.number, 2);
      assert.notEqual(r2.contentHash, rel.contentHash);
      assert.equal(((await app.inject('/api/incidents')).json() as Json).incidents.length, 2);
      assert.deepEqual((await app.inject('/api/releases/1')).json(), rel);
      assert.deepEqual(((await app.inject('/api/releases')).json() as Json[]).map((r) => r.number), [2, 1]);
      assert.equal((await app.inject('/api/releases/99')).statusCode, 404);
      // Staff read the internal record, drafts and all.
      const vic = await createToken(ctx, ids.vic!, 'v', 'read');
      const internal = (await app.inject({ url: '/api/incidents?status=published,draft', headers: bearer(vic.secret) })).json() as Json;
      assert.equal(internal.incidents.length, 2);
    });

    test('no public response holds a protected source or its marker, whatever is asked; staff do see it', async () => {
      const admin = await createToken(ctx, ids.ada!, 'rel2', 'write');
      await app.inject({ method: 'POST', url: '/api/releases', headers: bearer(admin.secret), payload: {} });
      const urls = new Set<string>();
      for (const [key, roles] of Object.entries(ACCESS)) {
        const [method, pattern] = key.split(' ') as [string, string];
        if (method !== 'GET' || roles !== EVERYONE) continue;
        for (const id of [ids.published, ids.protectedSource, ids.publicSource, 'gaza-2025', '1']) urls.add(pattern.replace(':entity', 'incident').replace(':number', '1').replace(':id', id!));
        urls.add(pattern.replace(':entity', 'source-document').replace(':id', ids.protectedSource!));
        urls.add(pattern.replace(':entity', 'claim').replace(':id', 'clm_000001'));
        urls.add(pattern.replace(':entity', 'series-point').replace(':id', encodeURIComponent('monitors.crossings@2025-10-25')));
        urls.add(pattern.replace(':id', 'monitors.crossings'));
      }
      for (const q of [`q=${MARKER}`, 'q=witness', 'sensitivity=protected', 'status=draft,published', 'limit=500']) {
        urls.add(`/api/incidents?${q}`);
        urls.add(`/api/sources?${q}`);
      }
      let answered = 0;
      for (const url of urls) {
        const res = await app.inject(url);
        if (res.statusCode === 200) answered++;
        assert.ok(!res.body.includes(MARKER), `${url} leaked the protected marker: ${res.body.slice(0, 300)}`);
        // (An error may echo the id that was asked for; an answer must not hold it.)
        if (res.statusCode === 200) assert.ok(!res.body.includes(ids.protectedSource!), `${url} named the protected source`);
      }
      assert.ok(answered >= 10, `only ${answered} public answers were checked`);
      const publicIncident = (await app.inject(`/api/incidents/${ids.published}`)).json() as Json;
      assert.equal(publicIncident.notes, null, 'notes behind a protected source are withheld');
      // The marker is reachable for staff, so the scan above could have found it.
      const vic = await createToken(ctx, ids.vic!, 'v2', 'read');
      assert.match((await app.inject({ url: `/api/sources/${ids.protectedSource}`, headers: bearer(vic.secret) })).body, new RegExp(MARKER));
      assert.match((await app.inject({ url: `/api/incidents/${ids.published}`, headers: bearer(vic.secret) })).body, new RegExp(MARKER));
      const pointHistory = await app.inject({ url: `/api/audit/series-point/${encodeURIComponent('monitors.crossings@2025-10-25')}`, headers: bearer(vic.secret) });
      assert.ok(pointHistory.body.includes(ids.protectedSource!), 'staff see which source a series value came from');
      assert.equal((await app.inject(`/api/audit/series-point/${encodeURIComponent('monitors.crossings@2025-10-25')}`)).json()[0].new.value, 2, 'the public sees the value itself');
    });

    test('errors are JSON with a code and message and never a stack trace', async () => {
      const tok = await createToken(ctx, ids.ada!, 'e', 'write');
      const cases = [
        await app.inject({ method: 'POST', url: '/api/session', payload: '{"name":', headers: { 'content-type': 'application/json' } }),
        await app.inject({ method: 'POST', url: '/api/users', headers: bearer(tok.secret), payload: { name: 'x y', role: 'emperor' } }),
        await app.inject({ url: '/api/audit/credential/x' }),
        await app.inject({ url: '/api/releases/zero' }),
        await app.inject({ url: '/api/users', headers: bearer('truce_forged') }),
        await app.inject({ method: 'PATCH', url: '/api/users/usr_none', headers: bearer(tok.secret), payload: { version: 1, disabled: true } }),
      ];
      for (const res of cases) {
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} ${res.body}`);
        const body = res.json() as Json;
        assert.equal(typeof body.error.code, 'string');
        assert.equal(typeof body.error.message, 'string');
        assert.doesNotMatch(res.body, /\bat .+\.(ts|js):\d+|node_modules|stack/);
      }
    });

    test('the OpenAPI document lists every route', async () => {
      const doc = (await app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
      const missing = registeredRoutes(app)
        .filter((r) => !r.hidden && r.method !== 'HEAD' && !r.url.startsWith('/api/docs'))
        .filter((r) => !doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()])
        .map((r) => `${r.method} ${r.url}`);
      assert.deepEqual(missing, []);
      assert.ok(doc.paths['/api/releases/{number}']);
    });
  });
}
