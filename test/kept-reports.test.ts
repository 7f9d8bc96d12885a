// Kept reports (services/kept.ts, migration 0010): the dashboard and compliance computed once per change to the
// record and kept in the database, on each engine. What a user would notice: figures never claim to include a
// change they do not; a second server answers from the copy the first one kept; on a very large record (a slow
// computation) the previous figures come back at once, marked stale, and the next answer has the change.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { ENGINES, testClock } from './support/engines.ts';
import { migrate, openStore, type Store } from '../src/store/connect.ts';
import { buildApp } from '../src/server/app.ts';
import { loadBundledData } from '../src/services/bundled.ts';
import * as records from '../src/services/records.ts';
import { addUser } from '../src/services/users.ts';
import { createToken } from '../src/services/auth.ts';
import { overviewOf } from '../src/services/overview.ts';
import { keptComplianceOf } from '../src/services/compliance.ts';

const AS_OF = '2025-10-31';

for (const engine of ENGINES) {
  describe(`kept reports on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let second: Store;
    let dispose: () => Promise<void>;
    let ctx: Parameters<typeof records.createIncident>[0];
    before(async () => {
      const where = await engine.freshLocation();
      dispose = where.dispose;
      store = await openStore({ engine: engine.name as 'sqlite' | 'postgres', target: where.url });
      await migrate(store);
      // A second connection to the same database: another server behind the same load balancer.
      second = await openStore({ engine: engine.name as 'sqlite' | 'postgres', target: where.url });
      ctx = { store, actor: 'setup', ...testClock('2025-11-01T08:00:00.000Z') };
      await loadBundledData(ctx);
    });
    after(async () => {
      await second?.close();
      await store?.close();
      await dispose?.();
    });

    const strike = (killed: number, status: 'verified' | 'draft' = 'verified') =>
      records.createIncident(ctx, {
        agreementId: 'gaza-2025', date: '2025-10-22', dateEnd: null, datePrecision: 1,
        location: { name: 'Gaza City', admin1: null, admin2: null, lat: 31.5017, lon: 34.4668, precision: 1 },
        eventType: 'Explosions/Remote violence', subEventType: 'Air/drone strike', actor1: 'israel', actor2: null,
        killed: { civilians: { low: killed, best: killed, high: killed } }, injured: {}, grade: 'fair', gradeReason: 'two sources',
        status, provisions: [], spatial: [], notes: null,
      });

    test('a copy is answered while the record is unchanged; a change makes the next answer include it', async () => {
      const first = await overviewOf(store, 'gaza-2025', AS_OF, 'internal');
      assert.equal(first.freshness.current, true);
      const again = await overviewOf(store, 'gaza-2025', AS_OF, 'internal');
      assert.equal(again.freshness.computedAt, first.freshness.computedAt, 'the kept copy, not a new computation');
      assert.deepEqual(again.tallies, first.tallies);
      await strike(7);
      const changed = await overviewOf(store, 'gaza-2025', AS_OF, 'internal');
      assert.equal(changed.freshness.current, true);
      assert.equal(changed.freshness.auditSeq > first.freshness.auditSeq, true);
      assert.equal(changed.tallies.verified.count, first.tallies.verified.count + 1);
      assert.equal(changed.tallies.verified.killed!.best, (first.tallies.verified.killed?.best ?? 0) + 7);
    });

    test('a slow report: the previous figures at once, marked stale with the changes since; then the new ones', async () => {
      const slow = { waitBelowMs: 0 }; // as if every computation were slow (a million incidents)
      const base = await keptComplianceOf(store, 'gaza-2025', AS_OF, slow);
      await strike(3);
      await strike(2, 'draft');
      const stale = await keptComplianceOf(store, 'gaza-2025', AS_OF, slow);
      assert.deepEqual({ current: stale.freshness.current, changesSince: stale.freshness.changesSince, refreshing: stale.freshness.refreshing }, { current: false, changesSince: 2, refreshing: true });
      assert.equal(stale.report.incidentsConsidered, base.report.incidentsConsidered, 'the old figures, not a mix');
      // The background computation (a worker thread) finishes; the next reader gets it, current.
      let fresh = stale;
      for (let k = 0; k < 600 && !fresh.freshness.current; k++) {
        await new Promise((r) => setTimeout(r, 50));
        fresh = await keptComplianceOf(store, 'gaza-2025', AS_OF, slow);
      }
      assert.equal(fresh.freshness.current, true);
      assert.equal(fresh.report.incidentsConsidered, base.report.incidentsConsidered + 2);
      // The CLI's way: never a stale copy.
      await strike(1);
      const waited = await keptComplianceOf(store, 'gaza-2025', AS_OF, { waitBelowMs: Infinity });
      assert.equal(waited.freshness.current, true);
      assert.equal(waited.report.incidentsConsidered, base.report.incidentsConsidered + 3);
    });

    test('the live dashboard is redone each minute, or after twenty times its computing time when that is long', async () => {
      const live = await overviewOf(store, 'gaza-2025', undefined, 'internal');
      const age = (minutes: number, computeMs: number) =>
        store.db.updateTable('keptReports').set({ asOf: new Date(Date.now() - minutes * 60_000).toISOString(), computeMs }).where('kind', '=', 'overview').where('variant', '=', 'internal:now').execute();
      await age(5, 30_000); // computed five minutes ago, took 30 s: good for ten minutes
      const kept = await overviewOf(store, 'gaza-2025', undefined, 'internal');
      assert.equal(kept.freshness.computedAt, live.freshness.computedAt, 'answered from the copy');
      assert.equal(kept.freshness.current, true);
      await age(5, 50); // took 50 ms: redone after a minute
      const redone = await overviewOf(store, 'gaza-2025', undefined, 'internal');
      assert.notEqual(redone.freshness.computedAt, live.freshness.computedAt, 'computed anew');
      assert.equal(redone.freshness.current, true);
    });

    test('after a change, refreshing a slow live dashboard brings its compliance up to date in the same job', async () => {
      const slow = { waitBelowMs: 0 };
      // Live reports are also redone when the minute turns (the test above); start early in a minute so what is
      // seen here is the change to the record alone.
      const second = new Date().getUTCSeconds();
      if (second > 20) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
      await overviewOf(store, 'gaza-2025', undefined, 'internal', slow);
      const before = await keptComplianceOf(store, 'gaza-2025', undefined, slow);
      await strike(4);
      const stale = await overviewOf(store, 'gaza-2025', undefined, 'internal', slow);
      assert.equal(stale.freshness.refreshing, true);
      let fresh = stale;
      for (let k = 0; k < 600 && !fresh.freshness.current; k++) {
        await new Promise((r) => setTimeout(r, 50));
        fresh = await overviewOf(store, 'gaza-2025', undefined, 'internal', slow);
      }
      assert.equal(fresh.freshness.current, true);
      // Compliance was not asked for since the change, yet its reader gets current figures at once, from that job.
      const compliance = await keptComplianceOf(store, 'gaza-2025', undefined, slow);
      assert.deepEqual({ current: compliance.freshness.current, refreshing: compliance.freshness.refreshing }, { current: true, refreshing: false });
      assert.equal(compliance.freshness.computedAt, fresh.freshness.computedAt, 'kept by the dashboard\'s job');
      assert.equal(compliance.report.incidentsConsidered, before.report.incidentsConsidered + 1);
      // Each is kept with what the whole job took, so a reader deciding whether to wait expects the full cost.
      const costs = await store.db.selectFrom('keptReports').select(['kind', 'computeMs']).where('subject', '=', 'gaza-2025').where('variant', 'in', ['internal:now', 'now']).execute();
      assert.equal(costs.length, 2);
      assert.equal(costs[0]!.computeMs, costs[1]!.computeMs);
    });

    test('a second server answers from the copy the first kept, over HTTP with its freshness', async () => {
      // Two servers on one database: a copy kept through one is read by the other without computing it again.
      const apps: FastifyInstance[] = [await buildApp({ store }), await buildApp({ store: second })];
      try {
        const u = await addUser(ctx, { name: 'kim', role: 'viewer' });
        const auth = { authorization: `Bearer ${(await createToken(ctx, u.id, 'test', 'read')).secret}` };
        const a = await apps[0]!.inject({ url: `/api/agreements/gaza-2025/compliance?asOf=${AS_OF}`, headers: auth });
        assert.equal(a.statusCode, 200, a.body);
        const b = await apps[1]!.inject({ url: `/api/agreements/gaza-2025/compliance?asOf=${AS_OF}`, headers: auth });
        assert.equal(b.statusCode, 200, b.body);
        assert.equal(b.json().freshness.current, true);
        assert.equal(b.json().freshness.computedAt, a.json().freshness.computedAt, 'kept by A, answered by B');
        assert.deepEqual(b.json().provisions, a.json().provisions);
        const o = await apps[1]!.inject({ url: '/api/agreements/gaza-2025/overview', headers: auth });
        assert.equal(o.statusCode, 200, o.body);
        assert.equal(o.json().freshness.current, true);
        assert.equal(o.json().freshness.changesSince, 0);
      } finally {
        for (const app of apps) await app.close();
      }
    });
  });
}
