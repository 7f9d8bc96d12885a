// Round trip of every entity on every engine: write, read back equal, update with the right version, refuse a
// stale update with a clear error, and find the change in the audit log with its old and new values.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, testClock } from './support/engines.ts';
import type { Store } from '../src/store/connect.ts';
import type { Context } from '../src/services/context.ts';
import * as records from '../src/services/records.ts';
import { storeAgreementVersion, storeGeometryVersion } from '../src/services/agreements.ts';
import { contentHash } from '../src/domain/source.ts';
import { verifyChain } from '../src/domain/audit.ts';
import { allAuditEvents, historyOf } from '../src/store/repositories/audit.ts';
import * as actorsRepo from '../src/store/repositories/actors.ts';
import * as usersRepo from '../src/store/repositories/users.ts';
import * as sourcesRepo from '../src/store/repositories/source-documents.ts';
import * as claimsRepo from '../src/store/repositories/claims.ts';
import * as incidentsRepo from '../src/store/repositories/incidents.ts';
import * as seriesRepo from '../src/store/repositories/series.ts';
import * as agreementsRepo from '../src/store/repositories/agreements.ts';
import { UserError } from '../src/domain/errors.ts';

const TEXT = 'Artillery fire hit the eastern edge of Beit Hanoun on Tuesday, killing two farmers, the local clinic said.';

function isStale(err: unknown): boolean {
  return err instanceof UserError && err.code === 'stale-version' && /changed by someone else/.test(err.message) && /reload/.test(err.message);
}

for (const engine of ENGINES) {
  describe(`storage round trip on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let ctx: Context;
    before(async () => {
      store = await engine.fresh();
      ctx = { store, actor: 'amina', ...testClock() };
    });
    after(async () => store?.close());

    test('actor', async () => {
      const a = await records.createActor(ctx, { id: 'hamas', name: 'Hamas', aliases: ['Harakat al-Muqawama al-Islamiya'], kind: 'armed-group', affiliation: null, acledActorType: 'Rebel group', wikidataId: 'Q38799' });
      assert.deepEqual(await actorsRepo.getActor(store.db, 'hamas'), a);
      const b = await records.updateActor(ctx, 'hamas', 1, { aliases: ['Harakat al-Muqawama al-Islamiya', 'Islamic Resistance Movement'] }, 'add English name');
      assert.equal(b.version, 2);
      assert.deepEqual((await actorsRepo.getActor(store.db, 'hamas'))?.aliases, b.aliases);
      await assert.rejects(records.updateActor(ctx, 'hamas', 1, { name: 'HAMAS' }), isStale);
      const h = await historyOf(store.db, 'actor', 'hamas');
      assert.equal(h.length, 2);
      assert.deepEqual(h[1]!.old, { aliases: ['Harakat al-Muqawama al-Islamiya'] });
      assert.deepEqual(h[1]!.new, { aliases: b.aliases });
      assert.equal(h[1]!.why, 'add English name');
      assert.equal(h[1]!.actor, 'amina');
    });

    test('user', async () => {
      const u = await records.createUser(ctx, { name: 'yusuf', role: 'analyst', partyId: null, disabled: false });
      assert.deepEqual(await usersRepo.getUser(store.db, u.id), u);
      const v = await records.updateUser(ctx, u.id, 1, { role: 'reviewer' }, 'promoted');
      assert.equal((await usersRepo.getUserByName(store.db, 'yusuf'))?.role, 'reviewer');
      assert.equal(v.version, 2);
      await assert.rejects(records.updateUser(ctx, u.id, 1, { disabled: true }), isStale);
      const h = await historyOf(store.db, 'user', u.id);
      assert.deepEqual([h[1]!.old, h[1]!.new], [{ role: 'analyst' }, { role: 'reviewer' }]);
      await assert.rejects(records.createUser(ctx, { name: 'yusuf', role: 'viewer', partyId: null, disabled: false }), /already exists/);
    });

    test('source document, with duplicate recognised by its content hash', async () => {
      const doc = { kind: 'news-article' as const, url: 'https://example.org/a', title: 'Shelling in Beit Hanoun', publisher: 'Example News', publishedAt: '2025-10-21T09:00:00Z', retrievedAt: '2025-10-21T10:00:00Z', language: 'en', text: TEXT, contentHash: contentHash(TEXT), sensitivity: 'public' as const, reliability: 'B' as const };
      const first = await records.addSourceDocument(ctx, doc);
      assert.equal(first.created, true);
      assert.deepEqual(await sourcesRepo.getSourceDocument(store.db, first.document.id), first.document);
      const again = await records.addSourceDocument(ctx, { ...doc, text: `  ${TEXT.replace(' ', '\n')} ` , contentHash: contentHash(`  ${TEXT.replace(' ', '\n')} `) });
      assert.equal(again.created, false);
      assert.equal(again.document.id, first.document.id);
      const upd = await records.updateSourceDocument(ctx, first.document.id, 1, { sensitivity: 'protected' }, 'field staff named');
      assert.equal(upd.version, 2);
      await assert.rejects(records.updateSourceDocument(ctx, first.document.id, 1, { reliability: 'C' }), isStale);
      const h = await historyOf(store.db, 'source-document', first.document.id);
      assert.deepEqual([h[1]!.old, h[1]!.new], [{ sensitivity: 'public' }, { sensitivity: 'protected' }]);
      const found = await sourcesRepo.listSourceDocuments(store.db, store.engine, { text: 'farmers killed' });
      assert.deepEqual(found.map((d) => d.id), [first.document.id], 'full-text search finds the report by stemmed words');
      assert.deepEqual(await sourcesRepo.listSourceDocuments(store.db, store.engine, { text: 'ceasefire' }), []);
    });

    test('incident and claim', async () => {
      const doc = (await sourcesRepo.listSourceDocuments(store.db, store.engine))[0]!;
      const inc = await records.createIncident(ctx, {
        agreementId: null, date: '2025-10-21', dateEnd: null, datePrecision: 1,
        location: { name: 'Beit Hanoun', admin1: 'North Gaza', admin2: null, lat: 31.5386, lon: 34.5372, precision: 1 },
        eventType: 'Explosions/Remote violence', subEventType: 'Shelling/artillery/missile attack', actor1: 'israel', actor2: 'civilians',
        killed: { civilians: { low: 2, best: 2, high: 3 } }, injured: {}, grade: 'weak', gradeReason: 'one local source', status: 'draft',
        provisions: [{ agreementId: 'gaza-2025', provisionId: 'gaza-2025/p1.ceasefire', partyId: 'israel' }], spatial: [], notes: 'two farmers',
      });
      assert.deepEqual(await incidentsRepo.getIncident(store.db, inc.id), inc);
      const start = TEXT.indexOf('Artillery');
      const claim = await records.addClaim(ctx, {
        kind: 'incident', sourceDocumentId: doc.id, claimantId: null, claimantName: 'the local clinic', claimedAt: doc.publishedAt,
        evidence: { start, end: TEXT.length, text: TEXT.slice(start) }, incidentId: inc.id, status: 'draft',
        body: { kind: 'incident', date: '2025-10-21', location: 'Beit Hanoun', perpetrator: null, target: 'farmers', eventType: null, subEventType: 'Shelling/artillery/missile attack', killed: { civilians: { low: 2, best: 2, high: 2 } }, injured: {}, victims: 'two farmers' },
      });
      assert.deepEqual(await claimsRepo.getClaim(store.db, claim.id), claim);
      assert.deepEqual((await claimsRepo.listClaims(store.db, { incidentId: inc.id })).map((c) => c.id), [claim.id]);
      const c2 = await records.updateClaim(ctx, claim.id, 1, { status: 'accepted' }, 'matches the clinic statement');
      assert.equal(c2.version, 2);
      await assert.rejects(records.updateClaim(ctx, claim.id, 1, { status: 'rejected' }), isStale);
      await assert.rejects(
        records.addClaim(ctx, { ...claim, evidence: { start: 0, end: 5, text: 'Other' } }),
        /does not match the text/,
      );

      const inc2 = await records.updateIncident(ctx, inc.id, 1, { killed: { civilians: { low: 2, best: 3, high: 3 } }, grade: 'fair' }, 'second source');
      assert.equal(inc2.version, 2);
      const held = await incidentsRepo.getIncident(store.db, inc.id);
      assert.deepEqual(held?.killed, { civilians: { low: 2, best: 3, high: 3 } });
      assert.deepEqual(held?.provisions, inc.provisions);
      await assert.rejects(records.updateIncident(ctx, inc.id, 1, { grade: 'confirmed' }), isStale);
      await assert.rejects(records.updateIncident(ctx, inc.id, 2, { subEventType: 'Armed clash' }), /not a sub-event type/);
      const h = await historyOf(store.db, 'incident', inc.id);
      assert.deepEqual(h[1]!.old, { killed: { civilians: { low: 2, best: 2, high: 3 } }, grade: 'weak' });
      assert.deepEqual(h[1]!.new, { killed: { civilians: { low: 2, best: 3, high: 3 } }, grade: 'fair' });
      assert.equal(h.length, 2, 'a refused update leaves no audit event');

      const page = await incidentsRepo.listIncidents(store.db, store.engine, { text: 'Beit Hanoun', status: ['draft'] });
      assert.deepEqual(page.incidents.map((i) => i.id), [inc.id]);
      const byProvision = await incidentsRepo.listIncidents(store.db, store.engine, { provisionId: 'gaza-2025/p1.ceasefire' });
      assert.equal(byProvision.incidents.length, 1);
      const outside = await incidentsRepo.listIncidents(store.db, store.engine, { bbox: [34.2, 31.2, 34.4, 31.4] });
      assert.equal(outside.incidents.length, 0);
    });

    test('series and its points', async () => {
      const s = await records.defineSeries(ctx, { id: 'gaza-moh.killed_since_truce', bodyId: 'gaza-moh', metric: 'killed_since_truce', mode: 'cumulative', unit: 'people', description: 'Killed since the ceasefire, per the Gaza Ministry of Health', estimated: false, territory: 'gaza-strip' });
      assert.deepEqual(await seriesRepo.getSeries(store.db, s.id), s);
      assert.equal(await records.recordSeriesPoint(ctx, { seriesId: s.id, date: '2025-11-20', value: 318, sourceDocumentId: null, note: null }), 'new');
      assert.equal(await records.recordSeriesPoint(ctx, { seriesId: s.id, date: '2025-11-20', value: 318, sourceDocumentId: null, note: null }), 'unchanged');
      assert.equal(await records.recordSeriesPoint(ctx, { seriesId: s.id, date: '2025-11-20', value: 320, sourceDocumentId: null, note: 'revised' }), 'updated');
      assert.deepEqual((await seriesRepo.listSeriesPoints(store.db, s.id)).map((p) => p.value), [320]);
      const s2 = await records.updateSeries(ctx, s.id, 1, { description: 'Deaths since 10 Oct 2025 (MoH)' });
      assert.equal(s2.version, 2);
      await assert.rejects(records.updateSeries(ctx, s.id, 1, { unit: 'deaths' }), isStale);
      const h = await historyOf(store.db, 'series-point', `${s.id}@2025-11-20`);
      assert.deepEqual([h[1]!.old?.value, h[1]!.new?.value], [318, 320]);
    });

    test('agreement versions and geometry', async () => {
      const draft = {
        id: 'test-truce', title: 'A test truce', kind: 'ceasefire', signedAt: '2025-01-01T00:00:00Z', inForceAt: '2025-01-02T00:00:00Z',
        document: { id: 'test-truce', note: 'written for this test' },
        phases: [{ id: 'p1', name: 'Phase one', order: 1, start: { on: 'signing' } }],
        provisions: [{ id: 'test-truce/p1.cease', phase: 'p1', category: 'ceasefire', obligated: ['north', 'south'], act: 'Stop firing', deadline: null, indicator: null, sources: ['https://example.org/text'] }],
      };
      const v1 = await storeAgreementVersion(ctx, draft, null);
      const back = await agreementsRepo.getAgreement(store.db, 'test-truce');
      assert.deepEqual(back, v1);
      const v2 = await storeAgreementVersion(ctx, { ...draft, title: 'A test truce (amended)' }, 1, 'amendment of 5 Jan');
      assert.equal(v2.version, 2);
      await assert.rejects(storeAgreementVersion(ctx, { ...draft, title: 'stale amendment' }, 1), isStale);
      assert.equal((await agreementsRepo.getAgreement(store.db, 'test-truce', 1))?.title, 'A test truce', 'the old version stays readable');
      assert.deepEqual((await agreementsRepo.listAgreements(store.db)).map((a) => [a.id, a.version]), [['test-truce', 2]]);
      const h = await historyOf(store.db, 'agreement', 'test-truce');
      assert.deepEqual([h[1]!.old, h[1]!.new?.version], [{ version: 1 }, 2]);

      await storeGeometryVersion(ctx, { agreementId: 'test-truce', name: 'line-a', kind: 'line', meaning: { party: 'north', mustStay: 'north' }, geojson: null, validFrom: '2025-01-02' });
      await storeGeometryVersion(ctx, { agreementId: 'test-truce', name: 'line-a', kind: 'line', meaning: { party: 'north', mustStay: 'north' }, geojson: { type: 'LineString', coordinates: [[0, 0], [1, 0]] }, validFrom: '2025-02-01' });
      assert.equal((await agreementsRepo.listGeometries(store.db, 'test-truce', '2025-01-15'))[0]?.version, 1);
      assert.equal((await agreementsRepo.listGeometries(store.db, 'test-truce'))[0]?.version, 2);
    });

    test('the audit chain covers every change and verifies', async () => {
      const events = [];
      for await (const e of allAuditEvents(store.db)) events.push(e);
      assert.ok(events.length >= 15, `expected the changes above in the log, found ${events.length}`);
      assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i + 1));
      assert.equal(verifyChain(events).ok, true);
      const tampered = events.map((e) => (e.seq === 3 ? { ...e, new: { ...e.new, name: 'forged' } } : e));
      const check = verifyChain(tampered);
      assert.equal(check.ok, false);
      assert.equal(!check.ok && check.brokenAt, 3);
    });
  });
}
