// Situation reports on both engines, from records written through the services: every figure in the report equals
// what the database holds (counted here by direct queries and by the tallies and compliance services), each party
// gets the same rows, a release's report reads what was on record at that release, and nothing of a protected
// source — title, publisher, URL, id or text — appears in the report or in any of its three formats.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINES, testClock } from './support/engines.ts';
import { MARKER, PERIOD, buildReportData, type ReportData } from './support/report-data.ts';
import type { Store } from '../src/store/connect.ts';
import type { Context } from '../src/services/context.ts';
import { sitrepOf } from '../src/services/report.ts';
import { complianceOf } from '../src/services/compliance.ts';
import { talliesOf } from '../src/services/tallies.ts';
import { createRelease } from '../src/services/releases.ts';
import * as records from '../src/services/records.ts';
import { storeGeometryVersion } from '../src/services/agreements.ts';
import { listSeriesPoints } from '../src/store/repositories/series.ts';
import { getClaim } from '../src/store/repositories/claims.ts';
import { renderSitrep } from '../src/report/index.ts';
import { CHROMIUM_PATH } from '../src/report/pdf.ts';
import type { Sitrep } from '../src/report/model.ts';

const NOW = '2025-11-10T06:00:00Z';
const noChromium = existsSync(CHROMIUM_PATH) ? false : `PDF skipped: no Chromium at ${CHROMIUM_PATH} (CI installs Debian's chromium; set CHROMIUM_PATH to use another)`;

/** Nothing of the protected source: its marker (title, publisher, URL, text, claimant names) nor its id. */
function assertNothingProtected(text: string, data: ReportData, where: string): void {
  assert.ok(!text.includes(MARKER), `${where} shows the protected source's marker`);
  assert.ok(!text.includes(data.sources.protected), `${where} cites the protected source by id`);
}

const row = (r: Sitrep, body: string, metric: string) => {
  const h = r.headline.find((x) => x.body === body && x.metric === metric);
  assert.ok(h, `headline row ${body} / ${metric} in ${JSON.stringify(r.headline.map((x) => [x.body, x.metric]))}`);
  return h;
};

for (const engine of ENGINES) {
  describe(`situation reports on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let ctx: Context;
    let data: ReportData;
    let live: Sitrep;
    before(async () => {
      store = await engine.fresh();
      ctx = { store, actor: 'amina', ...testClock('2025-11-10T05:00:00.000Z') };
      data = await buildReportData(ctx);
      live = await sitrepOf(store, { agreementId: 'gaza-2025', ...PERIOD, now: NOW });
    });
    after(async () => store?.close());

    test('the figures equal the database: incidents, casualty sums, series, tallies and compliance', async () => {
      const { from, to } = PERIOD;
      // Incidents in the period, counted by a direct query: those filed under the agreement and the unfiled one inside
      // the Gaza Strip (as compliance counts them), not the one in Beirut; rejected and merged ones are not counted.
      const ofGaza = (q: ReturnType<typeof store.db.selectFrom<'incidents'>>) => q.where((eb) => eb.or([eb('agreementId', '=', 'gaza-2025'), eb('id', '=', data.incidents.unfiled!)]));
      const held = await ofGaza(store.db.selectFrom('incidents')).select(['id', 'status', 'killedLow', 'killedBest', 'killedHigh']).where('date', '>=', from).where('date', '<=', to).execute();
      const counted = held.filter((i) => i.status !== 'rejected' && i.status !== 'merged');
      const verified = counted.filter((i) => i.status === 'verified' || i.status === 'published');
      assert.equal(live.incidents.length, counted.length);
      assert.equal(live.incidents.length, 6, 'six incidents in the period: the rejected one and the one in Beirut left out');
      assert.deepEqual(live.incidents.map((i) => i.id).sort(), counted.map((i) => i.id).sort());
      assert.equal(live.incidents.find((i) => i.id === data.incidents.unfiled)!.perpetrator, 'Israel', '"IDF" is one of Israel\u2019s names');
      assert.equal(live.incidents.filter((i) => i.evidence === 'verified').length, verified.length);
      const sum = (k: 'killedLow' | 'killedBest' | 'killedHigh') => verified.reduce((s, i) => s + Number(i[k] ?? 0), 0);
      const killed = row(live, 'Verified incidents (this record)', 'killed');
      assert.deepEqual(killed.period.range, { low: sum('killedLow'), best: sum('killedBest'), high: sum('killedHigh') });
      assert.deepEqual(killed.period.range, { low: 4, best: 5, high: 7 }, 'the strike (3–4–6 civilians) and the clash (1 soldier)');
      assert.deepEqual(killed.previous.range, { low: 10, best: 12, high: 15 });
      assert.equal(killed.change, 5 - 12);
      assert.equal(row(live, 'Verified incidents (this record)', 'incidents').period.value, verified.length);

      // Since the start (the pre-ceasefire strike not counted), by a direct query too.
      const since = (await ofGaza(store.db.selectFrom('incidents')).select(['killedLow', 'killedBest', 'killedHigh']).where('status', 'in', ['verified', 'published']).where('date', '>=', '2025-10-10').where('date', '<=', to).execute());
      const total = (k: 'killedLow' | 'killedBest' | 'killedHigh') => since.reduce((s, i) => s + Number(i[k] ?? 0), 0);
      assert.deepEqual(killed.sinceStart.range, { low: total('killedLow'), best: total('killedBest'), high: total('killedHigh') });
      assert.equal(row(live, 'Verified incidents (this record)', 'incidents').sinceStart.value, since.length);
      const tallies = await talliesOf(store, 'gaza-2025', to);

      // Each body's series, as held: COGAT's and the UN's truck counts are separate rows, never summed.
      for (const [seriesId, body] of [['cogat.trucks', 'COGAT'], ['un2720.trucks', 'un2720']] as const) {
        const inPeriod = await listSeriesPoints(store.db, seriesId, { from, to });
        const before = await listSeriesPoints(store.db, seriesId, { from: '2025-10-27', to: '2025-11-02' });
        const r = row(live, body, 'trucks');
        assert.equal(r.period.value, inPeriod.reduce((s, p) => s + p.value, 0));
        assert.equal(r.previous.value, before.reduce((s, p) => s + p.value, 0));
        assert.equal(r.sinceStart.value, tallies.bodies.find((b) => b.seriesId === seriesId)!.value);
      }
      assert.equal(live.headline.filter((h) => h.metric === 'trucks').length, 2);
      const deaths = row(live, 'Gaza Health Ministry', 'killed_since_truce');
      assert.equal(deaths.period.value, 260 - 230, 'a running total: last value in the period less the last before it');
      assert.equal(deaths.sinceStart.value, 260);
      assert.equal(row(live, 'Gaza Health Ministry', 'killed (as stated)').sinceStart.value, 260, "the ministry's stated total, its own row");

      // Compliance: the same statuses and evidence as `truce compliance` as of the last day.
      const c = await complianceOf(store, 'gaza-2025', to);
      assert.equal(live.compliance.length, c.report.provisions.length);
      for (const a of c.report.provisions) {
        const mine = live.compliance.find((x) => x.provisionId === a.provisionId && x.party === a.party)!;
        assert.equal(mine.status, a.status, a.provisionId);
        assert.equal(mine.verifiedSinceStart, a.breaches.verified.count, a.provisionId);
        assert.equal(mine.allegedSinceStart, a.breaches.alleged.count, a.provisionId);
      }
      const breached = (id: string, party: string) => live.compliance.find((x) => x.short === id && x.party === party)!;
      assert.deepEqual([breached('p1.suspend-military-operations', 'israel').verifiedPeriod, breached('p1.suspend-military-operations', 'israel').allegedPeriod], [2, 1]);
      assert.deepEqual([breached('p1.cease-attacks', 'hamas').verifiedPeriod, breached('p1.cease-attacks', 'hamas').allegedPeriod], [1, 1]);
    });

    test('the incidents-per-day chart counts each day as the database holds it, from the start of the ceasefire', async () => {
      const chart = live.charts.find((c) => c.title === 'Incidents per day')!;
      assert.equal(chart.from, '2025-10-10', 'from the ceasefire, weeks before the period');
      const drawn = (label: string) => new Map(chart.series.find((s) => s.label.startsWith(label))!.points.filter((p) => p.value > 0).map((p) => [p.date, p.value]));
      // Counted here row by row: filed under the agreement, or the unfiled one inside the Strip; never rejected or merged.
      const held = await store.db.selectFrom('incidents').select(['date', 'status']).where((eb) => eb.or([eb('agreementId', '=', 'gaza-2025'), eb('id', '=', data.incidents.unfiled!)])).where('date', '>=', chart.from).where('date', '<=', chart.to).where('status', 'not in', ['rejected', 'merged']).execute();
      const byDay = (verified: boolean) => {
        const out = new Map<string, number>();
        for (const i of held) if ((i.status === 'verified' || i.status === 'published') === verified) out.set(i.date!, (out.get(i.date!) ?? 0) + 1);
        return out;
      };
      assert.deepEqual(drawn('verified'), byDay(true));
      assert.deepEqual(drawn('alleged'), byDay(false));
      assert.ok(drawn('verified').has('2025-10-29'), 'the previous week is drawn too');
      assert.equal(drawn('verified').get('2025-11-08'), 2, 'the unattributed blast and the unfiled strike in Nuseirat; not the rejected clash, nor Beirut');
    });

    test('every party gets the same rows and the same sentences', () => {
      assert.deepEqual(live.parties.map((p) => p.name), ['Hamas', 'Israel'], 'parties in name order');
      assert.deepEqual(live.byPerpetrator.slice(0, 2).map((b) => b.key), ['Hamas', 'Israel']);
      const [hamas, israel] = live.parties;
      assert.deepEqual([hamas!.verifiedPeriod, hamas!.allegedPeriod, hamas!.verifiedPrevious], [1, 1, 1]);
      assert.deepEqual([israel!.verifiedPeriod, israel!.allegedPeriod, israel!.verifiedPrevious], [2, 1, 1], 'the strike, and the unfiled strike in Nuseirat');
      const shape = (s: string) => s.replace(/Hamas|Israel/g, 'PARTY').replace(/\d+/g, 'N');
      const lines = live.summary.filter((s) => /^(Hamas|Israel):/.test(s));
      assert.equal(lines.length, 2);
      assert.equal(shape(lines[0]!), shape(lines[1]!));
      // Statements from both sides, as stated.
      assert.deepEqual(live.statements.map((s) => s.kind).sort(), ['accusation', 'denial', 'position', 'position']);
    });

    test('force generation, objections, indicators and sources', () => {
      assert.match(live.force.requirement ?? '', /20,000 soldiers/);
      assert.deepEqual(live.force.pledges.map((p) => [p.country, p.status, p.troops?.best ?? null]), [['Indonesia', 'pledged', 20000], ['Pakistan', 'considering', null]]);
      assert.equal(live.force.objections.length, 1);
      assert.match(live.force.objections[0]!.text, /Israel objects to Turkey/);
      const trucks = live.indicators.find((i) => i.short === 'p1.aid-trucks')!;
      assert.deepEqual(trucks.readings.map((r) => r.body), ['COGAT', 'un2720'], 'each body by its own name: COGAT is not merged into Israel, whose aliases include it');
      assert.match(trucks.readings[1]!.inPeriod, /0 of 4 reported days at target/);
      assert.deepEqual(live.sources.map((s) => s.url).sort(), ['https://moh.example.org/bulletin-11-09', 'https://news.example.org/khan-younis-strike', 'https://news.example.org/stabilisation-force', 'https://statements.example.org/rafah'].sort());
      assert.equal(live.basis.kind, 'live');
    });

    test('no format shows anything of the protected source', async () => {
      assertNothingProtected(JSON.stringify(live), data, 'the report model');
      const md = (await renderSitrep(live, 'md')) as string;
      const html = (await renderSitrep(live, 'html')) as string;
      for (const [name, text] of [['markdown', md], ['html', html]] as const) {
        assertNothingProtected(text, data, name);
        assert.match(text, /Headline figures/);
        assert.match(text, /Methods and basis/);
      }
      // The images are real SVG: the map and four charts in HTML, the same as data URIs in Markdown.
      assert.equal((html.match(/<svg /g) ?? []).length, 4);
      assert.equal((md.match(/\(data:image\/svg\+xml;base64,/g) ?? []).length, 4);
      assert.doesNotMatch(html, /<script|https?:\/\/[^"<]*\.(js|css|png|woff)/i, 'nothing to run or fetch');
      // the same sections in the same order in both
      const sections = (s: string, re: RegExp) => [...s.matchAll(re)].map((m) => m[1]!.replace(/&amp;/g, '&'));
      assert.deepEqual(sections(html, /<h2>([^<]+)<\/h2>/g), sections(md, /^## (.+)$/gm));
    });

    test('the PDF is printed by Chromium and shows nothing protected', { skip: noChromium }, async () => {
      const pdf = (await renderSitrep(live, 'pdf')) as Buffer;
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const dir = mkdtempSync(join(tmpdir(), 'truce-report-'));
      try {
        writeFileSync(join(dir, 'r.pdf'), pdf);
        const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
        assertNothingProtected(text, data, 'the PDF');
        assert.match(text, /Situation report/);
        assert.match(text, /page 1 of \d/);
        assert.match(text, /Khan Younis/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('a release report reads what was on record at that release', async () => {
      const release = await createRelease(ctx, 'week 4');
      // After the release: an incident is published, a claim rejected, a truck count corrected.
      const unattributed = await store.db.selectFrom('incidents').select('version').where('id', '=', data.incidents.unattributed!).executeTakeFirstOrThrow();
      await records.updateIncident(ctx, data.incidents.unattributed!, Number(unattributed.version), { status: 'published' });
      const position = (await getClaim(store.db, data.claims.hamasPosition!.id))!;
      await records.updateClaim(ctx, position.id, position.version, { status: 'rejected' });
      const old = (await listSeriesPoints(store.db, 'cogat.trucks', { from: '2025-11-09', to: '2025-11-09' }))[0]!;
      await records.recordSeriesPoint(ctx, { ...old, value: old.value + 1000 });

      const r = await sitrepOf(store, { agreementId: 'gaza-2025', ...PERIOD, release: release.number, now: NOW });
      assert.equal(r.basis.kind, 'release');
      // Only what was published at the release: the strike and the clash; not the drafts, nor the incident published later.
      assert.deepEqual(r.incidents.map((i) => i.place).sort(), ['Khan Younis', 'Rafah']);
      assert.ok(r.incidents.every((i) => i.evidence === 'verified'));
      assert.ok(r.statements.some((s) => s.kind === 'position' && s.who === 'a Hamas official'), 'the claim was accepted at the release');
      const held = await listSeriesPoints(store.db, 'cogat.trucks', { from: PERIOD.from, to: PERIOD.to });
      assert.equal(row(r, 'COGAT', 'trucks').period.value, held.reduce((s, p) => s + p.value, 0) - 1000, 'the truck count as it stood at the release');
      assertNothingProtected(JSON.stringify(r), data, 'the release report');
      assertNothingProtected((await renderSitrep(r, 'html')) as string, data, 'the release report in HTML');

      const now = await sitrepOf(store, { agreementId: 'gaza-2025', ...PERIOD, now: NOW });
      assert.equal(row(now, 'COGAT', 'trucks').period.value, held.reduce((s, p) => s + p.value, 0));
      assert.ok(!now.statements.some((s) => s.who === 'a Hamas official'), 'the rejected claim leaves the live report');

      await assert.rejects(sitrepOf(store, { agreementId: 'gaza-2025', ...PERIOD, release: 99, now: NOW }), /there is no release 99/);
      await assert.rejects(sitrepOf(store, { agreementId: 'gaza-2025', from: '2025-11-09', to: '2025-11-03', now: NOW }), /ends \(2025-11-03\) before it starts/);
      await assert.rejects(sitrepOf(store, { agreementId: 'gaza-2025', from: '2025-11-31', to: '2025-12-03', now: NOW }), /"2025-11-31" is not a day/);
      await assert.rejects(sitrepOf(store, { agreementId: 'atlantis', ...PERIOD, now: NOW }), /no agreement "atlantis" is held/);
    });

    test('a period before the ceasefire and a single day both read sensibly', async () => {
      const early = await sitrepOf(store, { agreementId: 'gaza-2025', from: '2025-10-01', to: '2025-10-07', now: NOW });
      assert.match(early.summary[0]!, /had not taken effect by the end of the period/);
      assert.equal(early.incidents.length, 1, 'the strike of 5 October, listed though not counted since the start');
      assert.equal(row(early, 'Verified incidents (this record)', 'incidents').sinceStart.value, 0);
      const day = await sitrepOf(store, { agreementId: 'gaza-2025', from: '2025-11-05', to: '2025-11-05', now: NOW });
      assert.equal(day.period.previousFrom, '2025-11-04');
      for (const r of [early, day]) assert.doesNotMatch((await renderSitrep(r, 'html')) as string, /NaN|Infinity|undefined/);
    });

    test('a loaded yellow line is drawn on the map and judged as compliance judges it', async () => {
      const before = (await renderSitrep(await sitrepOf(store, { agreementId: 'gaza-2025', ...PERIOD, now: NOW }), 'html')) as string;
      assert.match(before, /Not drawn, because no sourced coordinates are loaded: yellow-line/);
      // An invented line for the test (no real coordinates are held): Israel's forces must stay east of it.
      await storeGeometryVersion(ctx, { agreementId: 'gaza-2025', name: 'yellow-line', kind: 'line', meaning: { role: 'withdrawal-line', party: 'israel', mustStay: 'east' }, geojson: { type: 'LineString', coordinates: [[34.36, 31.22], [34.42, 31.45], [34.5, 31.6]] }, validFrom: '2025-10-10T09:00:00Z' }, 'test line');
      await records.createIncident(ctx, { agreementId: 'gaza-2025', date: '2025-11-08', dateEnd: null, datePrecision: 1, location: { name: 'west of the line', admin1: 'Khan Younis', admin2: null, lat: 31.33, lon: 34.3, precision: 1 }, eventType: 'Battles', subEventType: 'Armed clash', actor1: 'israel', actor2: null, killed: {}, injured: {}, grade: 'fair', gradeReason: null, status: 'verified', provisions: [], spatial: [], notes: null });
      const r = await sitrepOf(store, { agreementId: 'gaza-2025', ...PERIOD, now: NOW });
      const html = (await renderSitrep(r, 'html')) as string;
      assert.doesNotMatch(html, /no sourced coordinates are loaded: yellow-line/);
      assert.match(html, /stroke="#b8860b"/, 'the line is drawn');
      const c = await complianceOf(store, 'gaza-2025', PERIOD.to);
      const stay = c.report.provisions.find((a) => a.provisionId === 'gaza-2025/p1.stay-behind-yellow-line')!;
      const mine = r.compliance.find((x) => x.short === 'p1.stay-behind-yellow-line')!;
      assert.equal(stay.status, 'breached');
      assert.equal(mine.status, stay.status);
      assert.equal(mine.verifiedPeriod, 1, 'the clash west of the line');
    });
  });
}
