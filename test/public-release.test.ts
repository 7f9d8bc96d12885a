// The public reads the latest release, and only it. A server holds the snapshot it read last (releases.ts), so this
// checks what that must never break: what is published after a release stays out of public view until the next
// release, the next release shows at once on a server that already served the previous one, and no reader can
// change the snapshot the next reader is served. Both engines.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, testClock } from './support/engines.ts';
import { buildApp } from '../src/server/app.ts';
import { createRelease, latestRelease } from '../src/services/releases.ts';
import * as records from '../src/services/records.ts';

type Page = { incidents: Array<{ id: string; notes: string | null }>; release: number | null };

for (const engine of ENGINES) {
  describe(`the public's view of releases on ${engine.name}`, { skip: engine.skip }, () => {
    test('a new release shows at once on a server that served the last one; what it serves cannot be changed by a reader', async () => {
      const store = await engine.fresh();
      const app = await buildApp({ store });
      try {
        const ctx = { store, actor: 'ana', ...testClock() };
        const base = {
          agreementId: null, dateEnd: null, datePrecision: 1 as const, location: { name: 'Rafah', admin1: 'Rafah', admin2: null, lat: 31.28, lon: 34.25, precision: 2 as const },
          eventType: 'Battles' as const, subEventType: 'Armed clash', actor1: null, actor2: null, killed: {}, injured: {}, grade: 'fair' as const, gradeReason: 'two sources', provisions: [], spatial: [], notes: null,
        };
        const first = await records.createIncident(ctx, { ...base, date: '2025-10-20', status: 'published' });
        await createRelease(ctx, 'first');
        const publicPage = async () => {
          const res = await app.inject({ url: '/api/incidents?limit=50' });
          assert.equal(res.statusCode, 200, res.body);
          const page = res.json() as Page;
          return { release: res.headers['x-truce-release'], ids: page.incidents.map((i) => i.id).sort() };
        };
        assert.deepEqual(await publicPage(), { release: '1', ids: [first.id] });

        const second = await records.createIncident(ctx, { ...base, date: '2025-10-21', status: 'published' });
        assert.deepEqual(await publicPage(), { release: '1', ids: [first.id] }, 'published after release 1: not public until the next release');

        await createRelease(ctx, 'second');
        assert.deepEqual(await publicPage(), { release: '2', ids: [first.id, second.id].sort() });

        // The public text search: every word given begins a word of the incident's place, actors, type or notes.
        const found = async (q: string) => ((await app.inject({ url: `/api/incidents?q=${encodeURIComponent(q)}` })).json() as Page).incidents.length;
        assert.deepEqual([await found('raf'), await found('Rafah ARMED'), await found('afah'), await found('rafah khan')], [2, 2, 0, 0]);

        // The snapshot served is shared by every public reader: an attempt to change it fails and changes nothing.
        const latest = (await latestRelease(store.db))!;
        assert.throws(() => {
          (latest.snapshot.incidents[0] as { notes: string | null }).notes = 'changed by a reader';
        }, TypeError);
        assert.throws(() => latest.snapshot.incidents.push(latest.snapshot.incidents[0]!), TypeError);
        const again = await app.inject({ url: `/api/incidents/${first.id}` });
        assert.equal(again.statusCode, 200, again.body);
        assert.equal((again.json() as { notes: string | null }).notes, null);
        assert.deepEqual(await publicPage(), { release: '2', ids: [first.id, second.id].sort() });
      } finally {
        await app.close();
        await store.close();
      }
    });
  });
}
