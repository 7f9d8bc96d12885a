// The main loop as users walk it, on each engine: reports in (files of every kind, a folder with a broken file,
// the dev articles read from ../shared at run time), drafts grouped into incidents with conflicting tolls kept as
// claims, review by one user and verification by a second (four eyes), the audit trail of every step, and the
// tallies beside the incident sum. Fixture texts are our own words.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { ENGINES, testClock } from './support/engines.ts';
import type { Store } from '../src/store/connect.ts';
import type { Context } from '../src/services/context.ts';
import { loadBundledData } from '../src/services/bundled.ts';
import { emptySummary, addOutcome, ingestDocument, prepareIngest } from '../src/services/ingest.ts';
import { accept, edit, grade, merge, publish, reject, reviewItem, reviewQueue, split, verify } from '../src/services/review.ts';
import { readDocumentFile } from '../src/formats/documents.ts';
import { listClaims } from '../src/store/repositories/claims.ts';
import { getIncident, listIncidents } from '../src/store/repositories/incidents.ts';
import { historyOf } from '../src/store/repositories/audit.ts';
import { talliesOf } from '../src/services/tallies.ts';
import { checkIntegrity } from '../src/services/integrity.ts';
import { buildApp } from '../src/server/app.ts';
import { addUser } from '../src/services/users.ts';
import { LoginThrottle } from '../src/services/auth.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TRUCE = fileURLToPath(new URL('../bin/truce', import.meta.url));
const DEV_ARTICLES = fileURLToPath(new URL('../../shared/eval/dev/articles.jsonl', import.meta.url));

// Two outlets report one strike with different tolls; a third report is another event the same day elsewhere.
const REPORT_A = 'An Israeli air strike hit a house in the Bureij camp on Tuesday, killing four people, the civil defence said.';
const REPORT_B = 'Six people were killed when an Israeli air strike struck a house in Bureij camp on Tuesday, according to the health ministry.';
const REPORT_C = 'In Rafah, two people were killed by Israeli gunfire on Tuesday, medics said.';
const TALLY = 'The health ministry said 410 people had been killed since the ceasefire began on October 10.';

const ctxAs = (store: Store, actor: string, clock: ReturnType<typeof testClock>): Context => ({ store, actor, ...clock });

function doc(origin: string, text: string, publishedAt = '2025-10-22') {
  return { origin, text, title: origin, url: `https://example.org/${origin}`, publisher: 'Example', publishedAt, language: 'en' };
}

function truce(args: string[], database: string, user = 'tester') {
  const r = spawnSync(process.execPath, [TRUCE, ...args, '--database', database], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TRUCE_DATABASE: '', TRUCE_USER: user }, timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

for (const engine of ENGINES) {
  describe(`ingest and review on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    const clock = testClock();
    let alice: Context;
    let bob: Context;
    before(async () => {
      store = await engine.fresh();
      alice = ctxAs(store, 'alice', clock);
      bob = ctxAs(store, 'bob', clock);
      await loadBundledData(alice);
    });
    after(async () => store?.close());

    test('two reports of one strike become one draft incident; its figures range over both claims, which keep their own', async () => {
      const run = await prepareIngest(alice, { agreementId: 'gaza-2025' });
      const a = await ingestDocument(alice, run, doc('report-a', REPORT_A));
      const b = await ingestDocument(alice, run, doc('report-b', REPORT_B));
      const c = await ingestDocument(alice, run, doc('report-c', REPORT_C));
      assert.equal(a.status, 'new');
      assert.equal(b.status === 'new' && b.grouped, 1, 'the second report joins the first one\u2019s incident');
      assert.equal(c.status === 'new' && c.incidents, 1, 'an event elsewhere opens its own incident');
      const page = await listIncidents(store.db, store.engine, { status: ['draft'] });
      const bureij = page.incidents.find((i) => i.location?.name.includes('Bureij'));
      assert.ok(bureij, 'a draft incident in Bureij');
      const claims = await listClaims(store.db, { incidentId: bureij.id, kind: 'incident' });
      assert.deepEqual(claims.map((cl) => Object.values((cl.body as { killed: Record<string, { best: number }> }).killed)[0]!.best).sort(), [4, 6]);
      const killed = Object.values(bureij.killed)[0]!;
      assert.deepEqual([killed.low, killed.high], [4, 6], 'the incident shows the range over both tolls');
      assert.equal(bureij.date, '2025-10-21', '"on Tuesday" resolved against the publication date');
      assert.equal(bureij.agreementId, 'gaza-2025');
    });

    test('the same text ingested again adds nothing', async () => {
      const before = (await store.db.selectFrom('claims').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
      const run = await prepareIngest(alice, {});
      const again = await ingestDocument(alice, run, { ...doc('report-a copy', `  ${REPORT_A.replace(/ /g, '  ')}\n`), title: 'another title' });
      assert.equal(again.status, 'held', 'recognised by the hash of its normalised text');
      const after = (await store.db.selectFrom('claims').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
      assert.equal(Number(after), Number(before));
    });

    test('one article from ingest to a verified incident by a second user, every step in the audit trail', async () => {
      const run = await prepareIngest(alice, { agreementId: 'gaza-2025' });
      const outcome = await ingestDocument(alice, run, doc('walk', 'Three people were killed in an Israeli drone strike on a car in Deir al-Balah on Monday, the health ministry said.', '2025-11-04'));
      assert.equal(outcome.status, 'new');
      const queue = await reviewQueue(alice, { kind: 'incidents' });
      const item = queue.find((q) => q.summary.includes('Deir al-Balah'));
      assert.ok(item, `the draft is in the queue: ${queue.map((q) => q.summary).join(' | ')}`);
      const shown = await reviewItem(alice, item.id);
      assert.equal(shown.claims.length, 1);
      const ex = shown.excerpts[0]!;
      assert.match(ex.text.slice(ex.start, ex.end), /Three people were killed/, 'the evidence sentence is highlighted in its source');

      await accept(alice, item.id, item.version);
      await assert.rejects(verify(alice, item.id), /no grade/);
      const graded = await grade(alice, item.id, 'weak', 'one source so far');
      await assert.rejects(verify(alice, item.id), (e: Error) => /four eyes: alice/.test(e.message));
      await assert.rejects(accept(bob, item.id, 1), /changed by someone else/, 'a stale version is refused');
      const verified = await verify(bob, item.id, 'checked against the ministry list', graded.version);
      assert.equal(verified.status, 'verified');
      const published = await publish(bob, item.id);
      assert.equal(published.status, 'published');

      const history = await historyOf(store.db, 'incident', item.id);
      assert.deepEqual(
        history.map((e) => [e.actor, e.action]),
        [['alice', 'create'], ['alice', 'status'], ['alice', 'update'], ['bob', 'status'], ['bob', 'status']],
      );
      assert.equal(history[2]!.why, 'one source so far');
      assert.equal((history[3]!.old as Record<string, string>).status, 'in-review');
      assert.equal((history[3]!.new as Record<string, string>).status, 'verified');
      assert.equal(history[3]!.why, 'checked against the ministry list');
      const claimHistory = await historyOf(store.db, 'claim', shown.claims[0]!.claim.id);
      assert.deepEqual(claimHistory.map((e) => [e.actor, (e.new as Record<string, string>)?.status]), [['alice', 'draft'], ['alice', 'accepted']]);
      const integrity = await checkIntegrity(store);
      assert.deepEqual(integrity.problems, [], 'the audit chain and every record agree');
    });

    test('tallies: a body\u2019s tally claim stands beside the verified-incident sum and never adds into it', async () => {
      const run = await prepareIngest(alice, { agreementId: 'gaza-2025' });
      await ingestDocument(alice, run, doc('tally', TALLY, '2025-11-10'));
      const report = await talliesOf(store, 'gaza-2025', '2025-11-30');
      assert.equal(report.incidents.count, 1, 'only the verified (published) incident counts');
      assert.equal(report.incidents.killed.total?.best, 3);
      const claim = report.claims.find((c) => c.value === 410);
      assert.ok(claim, 'the ministry\u2019s 410 is shown as its own figure');
      assert.equal(claim.metric, 'killed');

      // An incident filed under no agreement but inside Gaza counts for gaza-2025, as compliance counts it.
      const unfiled = await ingestDocument(alice, await prepareIngest(alice, {}), doc('unfiled', 'Two people were killed in an Israeli air strike in Khan Younis on Saturday, medics said.', '2025-11-16'));
      assert.equal(unfiled.status, 'new');
      const inc = (await listIncidents(store.db, store.engine, { from: '2025-11-15', to: '2025-11-15' })).incidents.find((i) => i.location?.name === 'Khan Younis')!;
      assert.equal(inc.agreementId, null);
      await accept(alice, inc.id);
      await grade(alice, inc.id, 'weak', 'one outlet');
      await verify(bob, inc.id);
      const withUnfiled = await talliesOf(store, 'gaza-2025', '2025-11-30');
      assert.equal(withUnfiled.incidents.count, 2);
      assert.equal(withUnfiled.incidents.killed.total?.best, 5);
    });

    test('merge, split, reject and edit keep every claim and say why', async () => {
      const run = await prepareIngest(alice, {});
      await ingestDocument(alice, run, doc('m1', 'Israeli shelling killed two people in Beit Hanoun on Thursday, medics said.', '2025-11-14'));
      await ingestDocument(alice, run, doc('m2', 'An Israeli drone strike killed a man in Jabalia on Thursday, the civil defence said.', '2025-11-14'));
      const drafts = (await listIncidents(store.db, store.engine, { status: ['draft'], from: '2025-11-13', to: '2025-11-13' })).incidents;
      const hanoun = drafts.find((i) => i.location?.name === 'Beit Hanoun')!;
      const jabalia = drafts.find((i) => i.location?.name?.startsWith('Jabal'))!;
      assert.ok(hanoun && jabalia, drafts.map((d) => d.location?.name).join(', '));

      await assert.rejects(reject(bob, hanoun.id, ''), /needs a reason/);
      const merged = await merge(bob, jabalia.id, hanoun.id, 'reviewer thinks these are one event');
      assert.equal((await getIncident(store.db, jabalia.id))!.status, 'merged');
      assert.equal((await listClaims(store.db, { incidentId: hanoun.id })).length, 2);
      const back = await split(bob, hanoun.id, [(await listClaims(store.db, { incidentId: hanoun.id })).at(-1)!.id], 'two places, two events', merged.version);
      assert.equal((await listClaims(store.db, { incidentId: back.to.id })).length, 1);
      assert.equal((await getIncident(store.db, back.to.id))!.actor1, 'Israel');

      const edited = await edit(bob, back.to.id, { location: 'Jabalia', killed: { civilians: { low: 1, best: 1, high: 1 } } }, 'placed from the text');
      const placed = (await getIncident(store.db, back.to.id))!;
      assert.ok(placed.location?.lat && placed.location.lon, 'a place name is placed through the gazetteer');
      assert.deepEqual(placed.killed, { civilians: { low: 1, best: 1, high: 1 } });
      await assert.rejects(edit(bob, back.to.id, { killed: { soldiers: { low: 1, best: 1, high: 1 } } }, 'x'), /not a victim group/);
      await assert.rejects(edit(bob, back.to.id, { status: 'published' }, 'x'), /no editable field status/);
      const rejected = await reject(bob, back.to.id, 'duplicate of a report already verified', edited.version);
      assert.equal(rejected.status, 'rejected');
      assert.equal((await listClaims(store.db, { incidentId: back.to.id }))[0]!.status, 'rejected', 'its claims are rejected with it, not deleted');
      assert.deepEqual((await checkIntegrity(store)).problems, []);
    });

    test('the dev articles: the Shujaiya pair is grouped, re-ingesting adds nothing', { skip: existsSync(DEV_ARTICLES) ? false : '../shared/eval/dev is absent' }, async () => {
      const fresh = await engine.fresh();
      try {
        const ctx = ctxAs(fresh, 'alice', clock);
        await loadBundledData(ctx);
        const run = await prepareIngest(ctx, { agreementId: 'gaza-2025' });
        const summary = emptySummary();
        for (const r of readDocumentFile(DEV_ARTICLES)) addOutcome(summary, r.ok ? await ingestDocument(ctx, run, r.document) : { origin: r.failure.origin, status: 'failed', reason: r.failure.reason });
        assert.equal(summary.new, 14);
        assert.equal(summary.failed, 0);
        const all = (await listIncidents(fresh.db, fresh.engine, { limit: 100 })).incidents;
        const shujaiya = all.filter((i) => /Shuja|Shej/i.test(i.location?.name ?? ''));
        assert.equal(shujaiya.length, 1, 'a01 and a05 report one incident');
        const claims = await listClaims(fresh.db, { incidentId: shujaiya[0]!.id, kind: 'incident' });
        assert.equal(new Set(claims.map((c) => c.sourceDocumentId)).size, 2, 'with a claim from each article');
        // Nothing else joins: each other incident rests on one article.
        for (const i of all.filter((x) => x.id !== shujaiya[0]!.id)) {
          assert.equal((await listClaims(fresh.db, { incidentId: i.id, kind: 'incident' })).length, 1, `${i.location?.name} stands alone`);
        }
        const again = emptySummary();
        for (const r of readDocumentFile(DEV_ARTICLES)) if (r.ok) addOutcome(again, await ingestDocument(ctx, run, r.document));
        assert.deepEqual([again.new, again.held], [0, 14]);
      } finally {
        await fresh.close();
      }
    });

    test('truce ingest: a folder with a broken file reports it and ingests the rest; the review CLI walks a draft', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'truce-ingest-'));
      const loc = await engine.freshLocation();
      try {
        assert.equal(truce(['init'], loc.url).code, 0);
        mkdirSync(join(dir, 'feeds'));
        writeFileSync(join(dir, 'a.txt'), `Gunfire in Rafah\n\n${REPORT_C}`);
        writeFileSync(join(dir, 'b.md'), `---\ntitle: Bureij toll rises\npublished: 2025-10-22\nurl: https://example.org/b\n---\n# Bureij toll rises\n\n${REPORT_B}\n`);
        writeFileSync(join(dir, 'broken.txt'), Buffer.from([0x41, 0xff, 0xfe, 0x20, 0x42, 0xc3]));
        writeFileSync(join(dir, 'feeds', 'wire.rss'), `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Bureij</title><link>https://example.org/r</link><pubDate>Wed, 22 Oct 2025 08:00:00 GMT</pubDate><description>&lt;p&gt;${REPORT_A}&lt;/p&gt;</description></item></channel></rss>`);
        const r = truce(['ingest', dir], loc.url, 'alice');
        assert.equal(r.code, 2, 'a failure is signalled to scripts');
        assert.match(r.out, /documents: 3 new, 0 already held, 1 failed/);
        assert.match(r.out, /broken\.txt: is not UTF-8 text/);
        const again = truce(['ingest', dir], loc.url, 'alice');
        assert.match(again.out, /documents: 0 new, 3 already held, 1 failed/);

        const list = truce(['review', 'list', '--incidents', '--json'], loc.url);
        const items = JSON.parse(list.out) as { id: string; summary: string; reports: number }[];
        const bureij = items.find((i) => i.summary.includes('Bureij'));
        assert.ok(bureij, list.out);
        assert.equal(bureij.reports, 2, 'the feed item and the Markdown file report one strike');
        const show = truce(['review', 'show', bureij.id], loc.url);
        assert.match(show.out, /who says what/);
        assert.match(show.out, /killing four people/);
        assert.equal(truce(['review', 'accept', bureij.id], loc.url, 'alice').code, 0);
        assert.equal(truce(['review', 'grade', bureij.id, 'fair', '--reason', 'two outlets'], loc.url, 'alice').code, 0);
        const self = truce(['review', 'verify', bureij.id], loc.url, 'alice');
        assert.notEqual(self.code, 0);
        assert.match(self.err, /four eyes/);
        const ok = truce(['review', 'verify', bureij.id], loc.url, 'bob');
        assert.equal(ok.code, 0, ok.err);
        assert.match(ok.out, /now verified/);
        const verified = truce(['incidents', '--status', 'verified'], loc.url);
        assert.match(verified.out, /Bureij/);
        assert.equal(truce(['verify'], loc.url).code, 0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await loc.dispose();
      }
    });

    test('over HTTP: an analyst pastes a report, a reviewer verifies it; stale versions and self-verification are refused', async () => {
      const fresh = await engine.fresh();
      let app: FastifyInstance | undefined;
      try {
        const setup = ctxAs(fresh, 'setup', clock);
        await loadBundledData(setup);
        const password = 'correct horse battery staple';
        await addUser(setup, { name: 'ana', role: 'analyst', password });
        await addUser(setup, { name: 'rev', role: 'reviewer', password });
        app = await buildApp({ store: fresh, loginThrottle: new LoginThrottle() });
        const signIn = async (name: string) => {
          const res = await app!.inject({ method: 'POST', url: '/api/session', payload: { name, password } });
          assert.equal(res.statusCode, 200, res.body);
          return { cookies: { truce_session: res.cookies.find((c) => c.name === 'truce_session')!.value }, headers: { 'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken } };
        };
        const ana = await signIn('ana');
        const rev = await signIn('rev');
        const preview = await app.inject({ method: 'POST', url: '/api/extract', ...ana, payload: { text: REPORT_B, published: '2025-10-22' } });
        assert.equal(preview.statusCode, 200, preview.body);
        assert.equal((preview.json() as { incidents: unknown[] }).incidents.length, 1);
        const posted = await app.inject({ method: 'POST', url: '/api/sources', ...ana, payload: { text: REPORT_B, title: 'Bureij', publishedAt: '2025-10-22', agreementId: 'gaza-2025' } });
        assert.equal(posted.statusCode, 201, posted.body);
        const again = await app.inject({ method: 'POST', url: '/api/sources', ...ana, payload: { text: REPORT_B } });
        assert.equal((again.json() as { status: string }).status, 'held');
        const queue = (await app.inject({ url: '/api/review?kind=incidents', ...ana })).json() as { id: string; version: number }[];
        assert.equal(queue.length, 1);
        const id = queue[0]!.id;
        const item = (await app.inject({ url: `/api/review/${id}`, ...ana })).json() as { incident: { createdBy: string }; excerpts: unknown[] };
        assert.equal(item.incident.createdBy, 'ana');
        assert.equal(item.excerpts.length, 1);
        const accepted = await app.inject({ method: 'POST', url: `/api/review/${id}/accept`, ...ana, payload: { version: 1 } });
        assert.equal(accepted.statusCode, 200, accepted.body);
        const stale = await app.inject({ method: 'POST', url: `/api/review/${id}/grade`, ...rev, payload: { version: 1, grade: 'fair', reason: 'x' } });
        assert.equal(stale.statusCode, 409);
        assert.equal((stale.json() as { error: { code: string } }).error.code, 'stale-version');
        const graded = await app.inject({ method: 'POST', url: `/api/review/${id}/grade`, ...ana, payload: { version: 2, grade: 'weak', reason: 'one outlet' } });
        assert.equal(graded.statusCode, 200, graded.body);
        const anaVerifies = await app.inject({ method: 'POST', url: `/api/review/${id}/verify`, ...ana, payload: { version: 3 } });
        assert.equal(anaVerifies.statusCode, 403, 'analysts do not verify');
        const verified = await app.inject({ method: 'POST', url: `/api/review/${id}/verify`, ...rev, payload: { version: 3, reason: 'matches the ministry list' } });
        assert.equal(verified.statusCode, 200, verified.body);
        assert.equal((verified.json() as { status: string }).status, 'verified');
        const bad = await app.inject({ method: 'PATCH', url: `/api/review/${id}`, ...ana, payload: { version: 4, fields: { killed: { everyone: 3 } } } });
        assert.equal(bad.statusCode, 400);
        assert.match((bad.json() as { error: { message: string } }).error.message, /not a victim group/);
        assert.equal((await getIncident(fresh.db, id))!.status, 'verified', 'a refused edit changes nothing');
      } finally {
        await app?.close();
        await fresh.close();
      }
    });
  });
}
