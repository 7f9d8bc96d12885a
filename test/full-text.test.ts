// Full-text search stays true to the records through edits, and through the upgrade that re-keyed SQLite's search
// entries by rowid (migration 0008): a database holding reports and incidents before the upgrade finds the same
// things after it, and an edited incident is found under its new place and no longer under its old one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator } from 'kysely';
import { ENGINES, testClock } from './support/engines.ts';
import { migrate, openStore, type Store } from '../src/store/connect.ts';
import { migrationProvider } from '../src/store/migrations/index.ts';
import type { Context } from '../src/services/context.ts';
import * as records from '../src/services/records.ts';
import { contentHash } from '../src/domain/source.ts';
import { listSourceDocuments } from '../src/store/repositories/source-documents.ts';
import { listIncidents } from '../src/store/repositories/incidents.ts';

const REPORT = 'Gunfire near the Netzarim corridor wounded a fisherman at dawn, the coast guard office said.';

for (const engine of ENGINES) {
  describe(`full-text search on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let ctx: Context;
    let dispose: () => Promise<void>;
    before(async () => {
      const where = await engine.freshLocation();
      dispose = where.dispose;
      store = await openStore({ engine: engine.name, target: where.url }, { create: true });
      ctx = { store, actor: 'amina', ...testClock() };
    });
    after(async () => {
      await store?.close();
      await dispose?.();
    });

    test('records held before the upgrade are found after it; an edited incident is found under its new words only', async () => {
      const { error } = await new Migrator({ db: store.db, provider: migrationProvider(store.engine) }).migrateTo('0005-analyze-incidents');
      assert.equal(error, undefined);
      await records.addSourceDocument(ctx, { kind: 'news-article', url: null, title: 'Fisherman wounded', publisher: 'Coast Wire', publishedAt: '2025-11-02T06:00:00Z', retrievedAt: '2025-11-02T07:00:00Z', language: 'en', text: REPORT, contentHash: contentHash(REPORT), sensitivity: 'public', reliability: null });
      const made = [];
      for (const place of ['Beit Lahia', 'Khan Younis', 'Rafah']) {
        made.push(
          await records.createIncident(ctx, {
            agreementId: null, date: '2025-11-02', dateEnd: null, datePrecision: 1,
            location: { name: place, admin1: null, admin2: null, lat: 31.4, lon: 34.4, precision: 2 },
            eventType: 'Battles', subEventType: 'Armed clash', actor1: 'israel', actor2: 'hamas',
            killed: {}, injured: {}, grade: null, gradeReason: null, status: 'draft', provisions: [], spatial: [], notes: null,
          }),
        );
      }
      await migrate(store);

      const docs = await listSourceDocuments(store.db, store.engine, { text: 'fisherman wounded' });
      assert.equal(docs.length, 1, 'the report written before the upgrade is still found');
      const khan = await listIncidents(store.db, store.engine, { text: 'Khan Younis' });
      assert.deepEqual(khan.incidents.map((i) => i.id), [made[1]!.id]);

      await records.updateIncident(ctx, made[1]!.id, 1, { location: { name: 'Deir al-Balah', admin1: null, admin2: null, lat: 31.42, lon: 34.35, precision: 2 } }, 'the place was corrected');
      assert.deepEqual((await listIncidents(store.db, store.engine, { text: 'Deir al-Balah' })).incidents.map((i) => i.id), [made[1]!.id]);
      assert.deepEqual((await listIncidents(store.db, store.engine, { text: 'Khan Younis' })).incidents, [], 'the old place no longer finds it');
      assert.deepEqual((await listIncidents(store.db, store.engine, { text: 'Rafah' })).incidents.map((i) => i.id), [made[2]!.id], 'other incidents keep their entries');
      assert.equal((await listIncidents(store.db, store.engine, { text: 'clash' })).incidents.length, 3, 'one entry per incident, none left over from the edit');
    });
  });
}
