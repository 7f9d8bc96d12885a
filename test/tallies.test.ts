// Tallies since the Gaza ceasefire on both engines: each body's series and tally claims beside the sum over
// verified incidents; neither changes the other, a tally claim never adds into the incident sum, two bodies'
// figures are never merged. Also the `truce tallies` command's output.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, testClock } from './support/engines.ts';
import type { Store } from '../src/store/connect.ts';
import type { Context } from '../src/services/context.ts';
import * as records from '../src/services/records.ts';
import { loadBundledData } from '../src/services/bundled.ts';
import { talliesOf } from '../src/services/tallies.ts';
import { formatTallies } from '../src/cli/commands/tallies.ts';
import { contentHash } from '../src/domain/source.ts';
import type { NewIncident } from '../src/services/records.ts';

const TEXT = 'The Gaza Health Ministry said 342 people had been killed since the ceasefire took effect.';

const strike = (date: string, civilians: { low: number; best: number; high: number }, status: NewIncident['status']): NewIncident => ({
  agreementId: 'gaza-2025', date, dateEnd: null, datePrecision: 1,
  location: { name: 'Khan Younis', admin1: 'Khan Younis', admin2: null, lat: 31.3462, lon: 34.3063, precision: 1 },
  eventType: 'Explosions/Remote violence', subEventType: 'Air/drone strike', actor1: 'israel', actor2: null,
  killed: { civilians }, injured: {}, grade: 'fair', gradeReason: 'two sources', status, provisions: [], spatial: [], notes: null,
});

for (const engine of ENGINES) {
  describe(`tallies on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let ctx: Context;
    before(async () => {
      store = await engine.fresh();
      ctx = { store, actor: 'amina', ...testClock() };
      await loadBundledData(ctx);
    });
    after(async () => store?.close());

    test('series and verified incidents side by side, neither changing the other', async () => {
      const empty = await talliesOf(store, 'gaza-2025', '2025-12-01');
      assert.equal(empty.since, '2025-10-10', 'counted from the stored agreement\'s effective date');
      assert.equal(empty.incidents.count, 0);
      assert.equal(empty.incidents.killed.total, null);

      // Incidents: two verified in the period, one before the ceasefire, one still a draft.
      await records.createIncident(ctx, strike('2025-10-20', { low: 2, best: 3, high: 4 }, 'verified'));
      await records.createIncident(ctx, strike('2025-11-02', { low: 5, best: 5, high: 7 }, 'verified'));
      await records.createIncident(ctx, strike('2025-10-01', { low: 9, best: 9, high: 9 }, 'verified'));
      await records.createIncident(ctx, strike('2025-11-03', { low: 50, best: 50, high: 50 }, 'draft'));
      const onlyIncidents = await talliesOf(store, 'gaza-2025', '2025-12-01');
      assert.deepEqual(onlyIncidents.incidents.killed.total, { low: 7, best: 8, high: 11 });
      assert.deepEqual(onlyIncidents.incidents.killed.byGroup, { civilians: { low: 7, best: 8, high: 11 } });
      assert.equal(onlyIncidents.incidents.count, 2);

      // The Ministry's own series, and its statement as a tally claim; a second body with its own claim.
      await records.defineSeries(ctx, { id: 'gaza-moh.killed_since_truce', bodyId: 'gaza-moh', metric: 'killed_since_truce', mode: 'cumulative', unit: 'people', description: null, estimated: false, territory: 'gaza-strip' });
      for (const [date, value] of [['2025-10-20', 93], ['2025-11-20', 318], ['2025-12-05', 360]] as const) {
        await records.recordSeriesPoint(ctx, { seriesId: 'gaza-moh.killed_since_truce', date, value, sourceDocumentId: null, note: null });
      }
      const { document } = await records.addSourceDocument(ctx, { kind: 'news-article', url: 'https://example.org/moh', title: 'MoH toll', publisher: 'Example News', publishedAt: '2025-11-25T09:00:00Z', retrievedAt: '2025-11-25T10:00:00Z', language: 'en', text: TEXT, contentHash: contentHash(TEXT), sensitivity: 'public', reliability: null });
      const claim = (name: string, value: number, asOf: string) =>
        records.addClaim(ctx, { kind: 'tally', sourceDocumentId: document.id, claimantId: null, claimantName: name, claimedAt: `${asOf}T09:00:00Z`, evidence: null, incidentId: null, status: 'draft', body: { kind: 'tally', metric: 'killed', value, since: '2025-10-10', asOf, periodHours: null, subject: null } });
      await claim('Gaza Health Ministry', 300, '2025-11-18');
      await claim('Gaza Health Ministry', 342, '2025-11-25');
      await claim('Israeli military', 40, '2025-11-24');

      const both = await talliesOf(store, 'gaza-2025', '2025-12-01');
      assert.deepEqual(both.incidents, onlyIncidents.incidents, 'series and tally claims never add into the incident sum');
      assert.deepEqual(both.bodies.map((b) => [b.bodyId, b.value, b.asOf]), [['gaza-moh', 318, '2025-11-20']], 'the series as of the day asked, not a later point');
      assert.deepEqual(both.claims.map((c) => [c.body, c.value]), [['Gaza Health Ministry', 342], ['Israeli military', 40]], "each body's latest claim, never merged");

      // A new verified incident moves the incident sum and nothing on the bodies' side.
      await records.createIncident(ctx, strike('2025-11-28', { low: 1, best: 1, high: 1 }, 'verified'));
      const later = await talliesOf(store, 'gaza-2025', '2025-12-01');
      assert.deepEqual(later.incidents.killed.total, { low: 8, best: 9, high: 12 });
      assert.deepEqual(later.bodies, both.bodies);
      assert.deepEqual(later.claims, both.claims);

      const text = formatTallies(later);
      assert.match(text, /gaza-moh\s+killed_since_truce\s+318/);
      assert.match(text, /Sum over 3 verified incidents/);
      assert.match(text, /killed\s+9 \(8–12\)/);

      await assert.rejects(talliesOf(store, 'no-such-truce', '2025-12-01'), /no agreement "no-such-truce" is held/);
      await assert.rejects(talliesOf(store, 'gaza-2025', 'next week'), /is not a date/);
    });
  });
}
