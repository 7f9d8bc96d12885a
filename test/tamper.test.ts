// Tampering: an edit made directly in the database, bypassing Truce, is found by `truce verify` and named —
// which record, which fields. Run on both engines against records written the normal way first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { ENGINES, testClock } from './support/engines.ts';
import type { Store } from '../src/store/connect.ts';
import type { Context } from '../src/services/context.ts';
import * as records from '../src/services/records.ts';
import { checkIntegrity, describeProblem } from '../src/services/integrity.ts';
import { contentHash } from '../src/domain/source.ts';
import type { Incident } from '../src/domain/incident.ts';
import type { Claim } from '../src/domain/claim.ts';

const TEXT = 'Two fishermen were wounded off the coast of Deir al-Balah on Friday when a patrol boat opened fire, the port authority said.';

for (const engine of ENGINES) {
  describe(`tamper evidence on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let ctx: Context;
    let incident: Incident;
    let claim: Claim;
    let docId: string;

    before(async () => {
      store = await engine.fresh();
      ctx = { store, actor: 'lina', ...testClock() };
      await records.createActor(ctx, { id: 'port-authority', name: 'Gaza port authority', aliases: [], kind: 'official', affiliation: null, acledActorType: null, wikidataId: null });
      const { document } = await records.addSourceDocument(ctx, { kind: 'news-article', url: 'https://example.org/boat', title: 'Fishermen wounded', publisher: 'Example', publishedAt: '2025-10-24T08:00:00Z', retrievedAt: '2025-10-24T09:00:00Z', language: 'en', text: TEXT, contentHash: contentHash(TEXT), sensitivity: 'public', reliability: 'B' });
      docId = document.id;
      incident = await records.createIncident(ctx, {
        agreementId: 'gaza-2025', date: '2025-10-24', dateEnd: null, datePrecision: 1,
        location: { name: 'Deir al-Balah', admin1: 'Deir al-Balah', admin2: null, lat: 31.417, lon: 34.35, precision: 2 },
        eventType: 'Violence against civilians', subEventType: 'Attack', actor1: 'israel', actor2: 'civilians',
        killed: {}, injured: { civilians: { low: 2, best: 2, high: 2 } }, grade: 'weak', gradeReason: 'one source', status: 'draft',
        provisions: [], spatial: [], notes: null,
      });
      incident = await records.updateIncident(ctx, incident.id, 1, { grade: 'fair', gradeReason: 'second source agrees' }, 'corroborated');
      const start = TEXT.indexOf('Two');
      claim = await records.addClaim(ctx, {
        kind: 'incident', sourceDocumentId: docId, claimantId: 'port-authority', claimantName: 'the port authority', claimedAt: '2025-10-24T08:00:00Z',
        evidence: { start, end: TEXT.length, text: TEXT.slice(start) }, incidentId: incident.id, status: 'draft',
        body: { kind: 'incident', date: '2025-10-24', location: 'Deir al-Balah', perpetrator: null, target: 'fishermen', eventType: null, subEventType: 'Attack', killed: {}, injured: { civilians: { low: 2, best: 2, high: 2 } }, victims: 'two fishermen' },
      });
      await records.defineSeries(ctx, { id: 'port-authority.boats_fired_on', bodyId: 'port-authority', metric: 'boats_fired_on', mode: 'daily', unit: 'boats', description: null, estimated: false, territory: null });
      await records.recordSeriesPoint(ctx, { seriesId: 'port-authority.boats_fired_on', date: '2025-10-24', value: 1, sourceDocumentId: docId, note: null });
      await records.recordSeriesPoint(ctx, { seriesId: 'port-authority.boats_fired_on', date: '2025-10-25', value: 3, sourceDocumentId: docId, note: null });
    });
    after(async () => store?.close());

    test('records written through Truce verify clean', async () => {
      const report = await checkIntegrity(store);
      assert.equal(report.chain.ok, true);
      assert.deepEqual(report.problems, []);
      assert.deepEqual(report.checked, { actor: 1, 'source-document': 1, claim: 1, incident: 1, series: 1, 'series-point': 2 });
    });

    test('direct edits of incidents, claims, source texts and series are each named with the fields changed', async () => {
      await store.db.updateTable('incidents').set({ grade: 'confirmed', injuredBest: 9, injured: JSON.stringify({ civilians: { low: 9, best: 9, high: 9 } }) }).where('id', '=', incident.id).execute();
      await store.db.updateTable('claims').set({ claimantName: 'an unnamed official' }).where('id', '=', claim.id).execute();
      await store.db.updateTable('sourceDocuments').set({ text: TEXT.replace('Two', 'Twelve') }).where('id', '=', docId).execute();
      await store.db.deleteFrom('seriesPoints').where('seriesId', '=', 'port-authority.boats_fired_on').where('date', '=', '2025-10-25').execute();
      await store.db.updateTable('actors').set({ name: 'Gaza Ministry of Interior' }).where('id', '=', 'port-authority').execute();

      const report = await checkIntegrity(store);
      assert.equal(report.chain.ok, true, 'the log itself was not touched');
      const lines = report.problems.map(describeProblem).sort();
      assert.deepEqual(lines, [
        'actor port-authority: changed outside Truce (name differ from the audit log)',
        `claim ${claim.id}: changed outside Truce (claimantName differ from the audit log)`,
        `incident ${incident.id}: changed outside Truce (grade, injured differ from the audit log)`,
        `series-point port-authority.boats_fired_on@2025-10-25: recorded in the audit log but missing from the database`,
        `source-document ${docId}: changed outside Truce (text differ from the audit log)`,
      ]);
    });

    test('a row inserted behind Truce\'s back is reported as never recorded', async () => {
      await store.db.insertInto('actors').values({ id: 'ghost-brigade', name: 'Ghost Brigade', aliases: '[]', kind: 'armed-group', affiliation: null, acledActorType: null, wikidataId: null, version: 1, createdAt: '2025-10-25T00:00:00Z', updatedAt: '2025-10-25T00:00:00Z' } as never).execute();
      const report = await checkIntegrity(store);
      assert.ok(report.problems.some((p) => p.entity === 'actor' && p.id === 'ghost-brigade' && p.kind === 'unrecorded'), JSON.stringify(report.problems));
    });

    test('rewriting or truncating the audit log breaks the chain', async () => {
      await store.db.updateTable('auditEvents').set({ why: 'nothing to see' }).where('entity', '=', 'incident').where('action', '=', 'update').execute();
      const rewritten = await checkIntegrity(store);
      assert.equal(rewritten.chain.ok, false);
      assert.match((rewritten.chain as { reason: string }).reason, /audit log broken at event \d+/);
    });
  });
}

// Deleting the newest events leaves an intact but shorter chain; the head row gives it away.
for (const engine of ENGINES) {
  test(`truncating the audit log is detected on ${engine.name}`, { skip: engine.skip }, async () => {
    const store = await engine.fresh();
    try {
      const ctx = { store, actor: 'lina', ...testClock() };
      await records.createActor(ctx, { id: 'a1', name: 'First', aliases: [], kind: 'other', affiliation: null, acledActorType: null, wikidataId: null });
      await records.createActor(ctx, { id: 'a2', name: 'Second', aliases: [], kind: 'other', affiliation: null, acledActorType: null, wikidataId: null });
      const last = await store.db.selectFrom('auditEvents').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
      await sql`delete from audit_events where seq = ${Number(last.seq)}`.execute(store.db);
      const report = await checkIntegrity(store);
      assert.equal(report.chain.ok, false);
      assert.match((report.chain as { reason: string }).reason, /events were removed from the end/);
    } finally {
      await store.close();
    }
  });
}

// The chain covers what an event records, not how its text is spaced: a change re-serialised (same content, other
// spacing and key order) still verifies; a change rewritten (other content) breaks the chain at that event.
for (const engine of ENGINES) {
  test(`an audit event's recorded change rewritten in place breaks the chain on ${engine.name}`, { skip: engine.skip }, async () => {
    const store = await engine.fresh();
    try {
      const ctx = { store, actor: 'lina', ...testClock() };
      await records.createActor(ctx, { id: 'a1', name: 'First', aliases: [], kind: 'other', affiliation: null, acledActorType: null, wikidataId: null });
      await records.createActor(ctx, { id: 'a2', name: 'Second', aliases: [], kind: 'other', affiliation: null, acledActorType: null, wikidataId: null });
      const event = await store.db.selectFrom('auditEvents').select(['seq', 'new']).where('entity', '=', 'actor').where('entityId', '=', 'a1').executeTakeFirstOrThrow();
      const change = JSON.parse(event.new!) as Record<string, unknown>;
      const reordered = Object.fromEntries(Object.entries(change).reverse());
      await store.db.updateTable('auditEvents').set({ new: JSON.stringify(reordered, null, 2) }).where('seq', '=', event.seq).execute();
      const respaced = await checkIntegrity(store);
      assert.equal(respaced.chain.ok, true, JSON.stringify(respaced.chain));

      await store.db.updateTable('auditEvents').set({ new: JSON.stringify({ ...change, name: 'Forged' }) }).where('seq', '=', event.seq).execute();
      const rewritten = await checkIntegrity(store);
      assert.equal(rewritten.chain.ok, false);
      assert.match((rewritten.chain as { reason: string }).reason, new RegExp(`audit log broken at event ${Number(event.seq)}: event ${Number(event.seq)} was altered`));
    } finally {
      await store.close();
    }
  });
}
