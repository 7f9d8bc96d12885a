// The stored compliance path (services/compliance.ts: lean rows, rows the engine would ignore left out in SQL,
// the area and lines tested once per point) gives exactly the report the reference path gives: every incident of
// the agreement read in full through the incident list, turned into engine input one by one
// (domain/compliance.ts complianceIncidentOf) and placed against every line and zone of the agreement. Checked on a
// generated world with a yellow line loaded (so the wrong-side rule has something to find), on both engines.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from './support/engines.ts';
import { AGREEMENT, benchContext, generateWorld } from '../bench/generate.ts';
import { type ComplianceIncident, type ComplianceReport, assessCompliance, complianceIncidentOf, complianceSeriesOf } from '../src/domain/compliance.ts';
import { placeIncident, wrongSideOf } from '../src/geo/spatial.ts';
import { redrawGeometry } from '../src/services/agreements.ts';
import { agreementAsOf, complianceGroups, complianceOf, incidentsUnder, keptComplianceOf, normaliseAsOf } from '../src/services/compliance.ts';
import { buildApp } from '../src/server/app.ts';
import { evidencePage } from '../src/services/evidence.ts';
import { createIncident, updateIncident } from '../src/services/records.ts';
import { computeKept } from '../src/services/kept-compute.ts';
import { keptKey } from '../src/services/kept.ts';
import { keepWalksFrom, lastWalk, withWholeWalks } from '../src/services/walk-memory.ts';
import type { Store } from '../src/store/connect.ts';
import { listSeries, listSeriesPoints } from '../src/store/repositories/series.ts';

/** The service as it was before the lean path: the oracle. */
async function referenceCompliance(store: Store, asOfInput: string, evidenceLimit?: number) {
  const at = normaliseAsOf(asOfInput);
  const { agreement } = await agreementAsOf(store, AGREEMENT, at);
  const incidents = new Map<string, ComplianceIncident>();
  for await (const incident of incidentsUnder(store, agreement)) {
    const c = complianceIncidentOf(incident, agreement);
    if (!c || c.date.slice(0, 10) > at.slice(0, 10)) continue;
    const l = incident.location;
    if (l && l.lat !== null && l.lon !== null) {
      const wrong = wrongSideOf(placeIncident({ lon: l.lon, lat: l.lat }, agreement, at), c.perpetrator);
      if (wrong.length > 0) c.wrongSideOf = wrong;
    }
    incidents.set(incident.id, c);
  }
  const metrics = new Set(agreement.provisions.flatMap((p) => (p.indicator ? [p.indicator.metric] : [])));
  const series = [];
  for (const s of await listSeries(store.db)) if (metrics.has(s.metric)) series.push(...complianceSeriesOf(s, await listSeriesPoints(store.db, s.id, { to: at.slice(0, 10) })));
  return { report: assessCompliance({ agreement, asOf: at, incidents: [...incidents.values()], series, evidenceLimit }), considered: incidents.size, agreement, at, series };
}

/** A report with the incident ids taken out of its lists (counts, grades, tolls and dates stay). */
function withoutIds(r: ComplianceReport) {
  const tally = <T extends { incidentIds: string[] }>(t: T) => ({ ...t, incidentIds: [] });
  return { ...r, provisions: r.provisions.map((p) => ({ ...p, breaches: { verified: tally(p.breaches.verified), alleged: tally(p.breaches.alleged), discounted: tally(p.breaches.discounted), onStartDay: tally(p.breaches.onStartDay) } })) };
}

for (const engine of ENGINES) {
  describe(`stored compliance on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    before(async () => {
      store = await engine.fresh();
      await generateWorld(store, { incidents: 1500, articles: 50, seed: 11, mode: 'bulk', batch: 500, seriesDays: 40 });
        const ctx = benchContext(store, 99);
        const { agreement } = await agreementAsOf(store, AGREEMENT);
        // A line across the middle of the Strip: Israeli forces must stay east of it.
        await redrawGeometry(ctx, agreement, 'yellow-line', { type: 'LineString', coordinates: [[34.33, 31.2], [34.4, 31.4], [34.5, 31.6]] }, { validFrom: '2025-10-10', why: 'test line', origin: 'the test' });
        // Edge cases the generator does not make: a party named only on the link, no date, a date past as-of.
        const base = { dateEnd: null, datePrecision: 1 as const, eventType: 'Battles' as const, subEventType: 'Armed clash', actor2: null, killed: {}, injured: {}, grade: null, gradeReason: null, spatial: [], notes: null };
        const at = { name: 'Khan Younis', admin1: 'Khan Younis', admin2: null, lat: 31.34, lon: 34.3, precision: 1 as const };
        await createIncident(ctx, { ...base, agreementId: AGREEMENT, date: '2025-11-02', location: at, actor1: null, status: 'verified', provisions: [{ agreementId: AGREEMENT, provisionId: 'gaza-2025/p1.cease-attacks', partyId: 'hamas' }] });
        await createIncident(ctx, { ...base, agreementId: AGREEMENT, date: null, location: at, actor1: 'Israel', status: 'verified', provisions: [] });
        await createIncident(ctx, { ...base, agreementId: null, date: '2026-12-01', location: at, actor1: 'Israel', status: 'draft', provisions: [] });
        // Linked to two provisions (the walk reads one row per link), the party named only on the second.
        await createIncident(ctx, { ...base, agreementId: AGREEMENT, date: '2025-11-04', location: at, actor1: null, status: 'verified', provisions: [{ agreementId: AGREEMENT, provisionId: 'gaza-2025/p1.cease-attacks', partyId: null }, { agreementId: AGREEMENT, provisionId: 'gaza-2025/p1.release-living-hostages', partyId: 'hamas' }] });
        // Incidents alike in all the engine reads, filed and unfiled: the grouped path must count each of them.
        for (const agreementId of [AGREEMENT, AGREEMENT, AGREEMENT, null, null]) {
          await createIncident(ctx, { ...base, agreementId, date: '2025-11-03', location: at, actor1: 'Hamas', status: 'verified', grade: 'fair', killed: { civilians: { low: 1, best: 2, high: 3 } }, provisions: [] });
        }
    });
    after(async () => store?.close());

    test('the lean path gives the reference report, wrong-side breaches and unfiled incidents in the area included', async () => {
        for (const asOf of ['2026-02-15', '2026-10-09', '2027-01-01T00:00:00Z']) {
          const fast = await complianceOf(store, AGREEMENT, asOf);
          const reference = await referenceCompliance(store, asOf);
          assert.equal(fast.incidentsConsidered, reference.considered, `incidents considered as of ${asOf}`);
          assert.deepEqual(fast.report, reference.report, `report as of ${asOf}`);
          // Grouped input (the overview's): the same verdicts, reasons, counts and phases; only the ids differ.
          const groups = await complianceGroups(store, reference.agreement, reference.at);
          assert.ok(groups.some((g) => (g.count ?? 1) >= 3), 'no group stands for several incidents');
          const grouped = assessCompliance({ agreement: reference.agreement, asOf: reference.at, incidents: groups, series: reference.series });
          assert.deepEqual(withoutIds(grouped), withoutIds(reference.report), `grouped report as of ${asOf}`);
        }
        // The comparison has teeth: incidents breach by rule, by link, and by standing on the wrong side of the line.
        const report = (await complianceOf(store, AGREEMENT, '2026-10-09')).report;
        const stay = report.provisions.find((p) => p.provisionId === 'gaza-2025/p1.stay-behind-yellow-line')!;
        assert.ok(stay.breaches.verified.count + stay.breaches.alleged.count > 0, 'nothing found on the wrong side of the line');
        const cease = report.provisions.find((p) => p.provisionId === 'gaza-2025/p1.cease-attacks')!;
        assert.ok(cease.breaches.verified.count > 100);
        // Capped: the latest 100 named, every one counted.
        assert.equal(cease.breaches.verified.incidentIds.length, 100);
    });

    test('the evidence pages hold every incident of each list, in the report\'s order, exactly as the engine lists them uncapped', async () => {
      const asOf = '2026-10-09';
      const all = (await referenceCompliance(store, asOf, Infinity)).report;
      const capped = (await complianceOf(store, AGREEMENT, asOf)).report;
      let pages = 0;
      let listed = 0;
      for (const a of all.provisions) {
        const shown = capped.provisions.find((c) => c.provisionId === a.provisionId && c.party === a.party)!;
        for (const [list, name] of [['verified', 'verified'], ['alleged', 'alleged'], ['discounted', 'discounted'], ['on-start-day', 'onStartDay']] as const) {
          const ids: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await evidencePage(store, AGREEMENT, { provision: a.provisionId, party: a.party, list, asOf, after: cursor, limit: 40 });
            assert.ok(page.incidents.length <= 40);
            ids.push(...page.incidents.map((i) => i.id));
            cursor = page.next ?? undefined;
            pages++;
          } while (cursor);
          const where = `${a.provisionId} × ${a.party}: ${list}`;
          assert.deepEqual(ids, a.breaches[name].incidentIds, where);
          // What the report names is the first of those pages, and its count is all of them.
          assert.equal(shown.breaches[name].count, ids.length, where);
          assert.deepEqual(shown.breaches[name].incidentIds, ids.slice(0, 100), where);
          listed += ids.length;
        }
      }
      assert.ok(pages > 40 && listed > 500, `only ${listed} incidents on ${pages} pages compared`);
      // Short ids and bad requests.
      const short = await evidencePage(store, AGREEMENT, { provision: 'p1.cease-attacks', party: 'hamas', list: 'verified', asOf, limit: 5 });
      assert.equal(short.provisionId, 'gaza-2025/p1.cease-attacks');
      assert.equal(short.incidents.length, 5);
      await assert.rejects(evidencePage(store, AGREEMENT, { provision: 'p1.cease-attacks', party: 'israel', list: 'verified', asOf }), /obliges hamas, not "israel"/);
      await assert.rejects(evidencePage(store, AGREEMENT, { provision: 'p9.nothing', party: 'hamas', list: 'verified', asOf }), /has no provision/);
      await assert.rejects(evidencePage(store, AGREEMENT, { provision: 'p1.cease-attacks', party: 'hamas', list: 'verified', asOf, after: 'not-a-cursor' }), /cursor/);
    });

    test('a kept compliance copy of the shape before capped lists is computed anew, not answered', async () => {
      const asOf = '2026-02-15';
      const first = await keptComplianceOf(store, AGREEMENT, asOf, { waitBelowMs: Infinity });
      // As the previous version kept it: no evidenceLimit, no per-party counts, plain id lists.
      const { evidenceLimit: _l, parties: _p, ...old } = first.report;
      await store.db.updateTable('keptReports').set({ body: JSON.stringify(old) }).where('kind', '=', 'compliance').where('subject', '=', AGREEMENT).execute();
      const again = await keptComplianceOf(store, AGREEMENT, asOf, { waitBelowMs: Infinity });
      assert.equal(again.report.evidenceLimit, 100);
      assert.deepEqual(again.report.parties, first.report.parties);
      assert.ok(again.report.parties.some((p) => p.verified > 0));
    });

    test('over HTTP: compliance names the latest 100 incidents of a list with its full count, and the evidence route gives all of them', async () => {
      const app = await buildApp({ store });
      try {
        const asOf = '2026-10-09';
        const report = (await app.inject(`/api/agreements/${AGREEMENT}/compliance?asOf=${asOf}`)).json() as ComplianceReport;
        assert.equal(report.evidenceLimit, 100);
        const cease = report.provisions.find((p) => p.provisionId === 'gaza-2025/p1.cease-attacks')!;
        assert.ok(cease.breaches.verified.count > 100 && cease.breaches.verified.incidentIds.length === 100);
        assert.deepEqual(Object.keys(cease.breaches.discounted), ['count', 'incidentIds']);
        const ids: string[] = [];
        let url = `/api/agreements/${AGREEMENT}/compliance/evidence?provision=p1.cease-attacks&party=hamas&list=verified&asOf=${asOf}&limit=1000`;
        for (;;) {
          const r = await app.inject(url);
          assert.equal(r.statusCode, 200, r.body);
          const page = r.json() as { incidents: Array<{ id: string; date: string }>; next: string | null };
          ids.push(...page.incidents.map((i) => i.id));
          if (!page.next) break;
          url = `/api/agreements/${AGREEMENT}/compliance/evidence?provision=p1.cease-attacks&party=hamas&list=verified&asOf=${asOf}&limit=1000&after=${page.next}`;
        }
        assert.equal(ids.length, cease.breaches.verified.count);
        assert.deepEqual(ids.slice(0, 100), cease.breaches.verified.incidentIds);
        const bad = await app.inject(`/api/agreements/${AGREEMENT}/compliance/evidence?provision=p1.cease-attacks&party=hamas&list=rumoured`);
        assert.equal(bad.statusCode, 400);
        const other = await app.inject(`/api/agreements/${AGREEMENT}/compliance/evidence?provision=p1.cease-attacks&party=israel&list=verified`);
        assert.equal(other.statusCode, 400);
        assert.match((other.json() as { error: { message: string } }).error.message, /obliges hamas/);
      } finally {
        await app.close();
      }
    });

    test('after a change, the walk held is read again only on the days the change touched, and gives what a whole walk gives', async () => {
      keepWalksFrom(0); // the path a record of tens of thousands of incidents takes, on this small one
      try {
        const ctx = benchContext(store, 7);
        // The worker's way (the dashboard's walk shared with compliance), against the same computed from whole walks;
        // then compliance alone, against the reference path.
        const check = async (asOf: string, why: string) => {
          const at = normaliseAsOf(asOf);
          const keys = [keptKey('overview', AGREEMENT, asOf, at, 'internal'), keptKey('compliance', AGREEMENT, asOf, at)];
          const held = (await computeKept(store, keys)).map((c) => JSON.parse(c.body));
          const read = lastWalk();
          const whole = (await withWholeWalks(() => computeKept(store, keys))).map((c) => JSON.parse(c.body));
          assert.deepEqual(held[0], whole[0], `dashboard: ${why}`);
          assert.deepEqual(held[1], whole[1], `compliance with the dashboard: ${why}`);
          const alone = await complianceOf(store, AGREEMENT, asOf);
          const reference = await referenceCompliance(store, asOf);
          assert.equal(alone.incidentsConsidered, reference.considered, `incidents considered: ${why}`);
          assert.deepEqual(alone.report, reference.report, `compliance alone: ${why}`);
          return read;
        };
        assert.equal(await check('2026-10-09', 'first'), 'whole');
        const base = { dateEnd: null, datePrecision: 1 as const, eventType: 'Battles' as const, subEventType: 'Armed clash', actor2: null, injured: {}, gradeReason: null, spatial: [], notes: null };
        const at = { name: 'Khan Younis', admin1: 'Khan Younis', admin2: null, lat: 31.34, lon: 34.3, precision: 1 as const };
        // One more incident alike the three of 3 November: the day's group counts four.
        await createIncident(ctx, { ...base, agreementId: AGREEMENT, date: '2025-11-03', location: at, actor1: 'Hamas', status: 'verified', grade: 'fair', killed: { civilians: { low: 1, best: 2, high: 3 } }, provisions: [] });
        assert.equal(await check('2026-10-09', 'an incident added'), 1);
        const some = await store.db.selectFrom('incidents').select(['id', 'version', 'date']).where('agreementId', '=', AGREEMENT).where('date', '>=', '2026-01-01').where('date', '<=', '2026-09-30').orderBy('id').limit(4).execute();
        const [moved, rejected, linked, undated] = some;
        await updateIncident(ctx, moved!.id, moved!.version, { date: moved!.date === '2026-02-14' ? '2026-02-15' : '2026-02-14' });
        assert.equal(await check('2026-10-09', 'an incident moved to another day'), 2);
        await updateIncident(ctx, rejected!.id, rejected!.version, { status: 'rejected' });
        await updateIncident(ctx, linked!.id, linked!.version, { provisions: [{ agreementId: AGREEMENT, provisionId: 'gaza-2025/p1.cease-attacks', partyId: 'israel' }], status: 'verified' });
        await updateIncident(ctx, undated!.id, undated!.version, { date: null });
        await createIncident(ctx, { ...base, agreementId: null, date: '2026-03-03', location: at, actor1: 'Israel', status: 'verified', grade: 'fair', killed: {}, provisions: [] });
        const read = await check('2026-10-09', 'rejected, linked, undated, one filed under none');
        assert.ok(typeof read === 'number' && read >= 3 && read <= 5, `days read again: ${read}`);
        // A later day reads the days between; an earlier one reads none.
        assert.equal(await check('2026-10-20', 'eleven days later'), 11);
        assert.equal(await check('2026-09-01', 'an earlier day'), 0);
        // The agreement's line moved: a whole walk.
        const { agreement } = await agreementAsOf(store, AGREEMENT);
        await redrawGeometry(ctx, agreement, 'yellow-line', { type: 'LineString', coordinates: [[34.3, 31.2], [34.4, 31.4], [34.5, 31.6]] }, { validFrom: '2025-10-10', why: 'test line moved', origin: 'the test' });
        assert.equal(await check('2026-10-20', 'the line moved'), 'whole');
      } finally {
        keepWalksFrom(20_000);
      }
    });
  });
}
