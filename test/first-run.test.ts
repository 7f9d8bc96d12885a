// `npm start` on an empty database, on each engine: the bundled agreements, the seed article's drafts in the review
// queue, the Gaza Ministry of Health's daily series (read from ../shared at run time), and a first admin. A second
// start adds nothing. The tallies then show the ministry's own figures beside the sum over verified incidents, and
// verifying an incident changes the sum but never the ministry's figures.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { ENGINES, testClock } from './support/engines.ts';
import type { Store } from '../src/store/connect.ts';
import { firstRun, TFP_GAZA_SERIES } from '../src/services/first-run.ts';
import { SEED_ARTICLE } from '../src/services/ingest.ts';
import { storeStatus } from '../src/services/status.ts';
import { talliesOf } from '../src/services/tallies.ts';
import { accept, edit, grade, reviewQueue, verify } from '../src/services/review.ts';
import { listUsers } from '../src/store/repositories/users.ts';

const shared = existsSync(TFP_GAZA_SERIES) && existsSync(SEED_ARTICLE);

for (const engine of ENGINES) {
  describe(`first run on ${engine.name}`, { skip: engine.skip || (shared ? false : '../shared is absent') }, () => {
    let store: Store;
    const clock = testClock('2026-09-01T08:00:00.000Z');
    const lines: string[] = [];
    before(async () => {
      store = await engine.fresh();
      await firstRun({ store, actor: 'truce', ...clock }, (l) => lines.push(l));
    });
    after(async () => store?.close());

    test('a new user meets agreements, the seed article in the queue, the ministry series and an admin to sign in', async () => {
      const s = await storeStatus(store.db);
      assert.equal(s.agreements, 4);
      const articles = await store.db.selectFrom('sourceDocuments').select('title').where('kind', '=', 'news-article').execute();
      assert.equal(articles.length, 1, 'the seed article');
      assert.match(articles[0]!.title ?? '', /Seed article/);
      assert.ok((s.claims.draft ?? 0) >= 5, 'its findings wait in the review queue');
      assert.ok(s.seriesPoints > 10_000, `the daily series (${s.seriesPoints} values)`);
      const users = await listUsers(store.db);
      assert.deepEqual(users.map((u) => [u.name, u.role]), [['admin', 'admin']]);
      assert.match(lines.join('\n'), /created the first user: admin \(admin\), password \S{12,}/);
      const again: string[] = [];
      await firstRun({ store, actor: 'truce', ...clock }, (l) => again.push(l));
      assert.deepEqual(again, [], 'a second start adds nothing');
      assert.deepEqual(await storeStatus(store.db), s);
    });

    test('the ministry\u2019s figures stand beside the verified-incident sum, and verifying an incident moves only the sum', async () => {
      const before = await talliesOf(store, 'gaza-2025', '2026-08-22');
      const moh = before.bodies.find((b) => b.seriesId === 'gaza-moh.killed_cum');
      assert.ok(moh && moh.value !== null && moh.value > 0, 'the ministry\u2019s killed since the ceasefire');
      assert.ok(before.bodies.every((b) => !/lebanon|west_bank/.test(b.seriesId)), 'only series over the Gaza Strip');
      assert.deepEqual(before.unlinked, [], 'every first-run series names its territory');
      assert.equal(before.incidents.count, 0);
      const [draft] = await reviewQueue({ store, actor: 'ana', ...clock }, { kind: 'incidents' });
      assert.ok(draft, 'the seed article drafted an incident');
      await accept({ store, actor: 'ana', ...clock }, draft.id);
      // The seed gives no day for its incident; the analyst dates it (an undated incident cannot be counted since a date).
      await edit({ store, actor: 'ana', ...clock }, draft.id, { date: '2025-12-18', datePrecision: 2 }, 'dated from the article: the week before publication');
      await grade({ store, actor: 'ana', ...clock }, draft.id, 'weak', 'one outlet');
      await verify({ store, actor: 'rev', ...clock }, draft.id);
      const after = await talliesOf(store, 'gaza-2025', '2026-08-22');
      assert.equal(after.incidents.count, 1);
      assert.deepEqual(after.bodies, before.bodies, 'no body\u2019s figures changed');
      assert.deepEqual(after.claims, before.claims);
    });
  });
}
