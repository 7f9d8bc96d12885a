// The web app in a real browser (Debian's chromium through playwright-core) against a real `truce serve` on a fresh
// database, on each engine: the public view (no login) shows the latest release and never a protected source; staff
// sign in and see the overview, the map with an incident card, the incidents table and an incident's claims, the
// agreement board and the users page; the phone layout works. Screenshots of every page go to test-output/web/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ENGINES } from './support/engines.ts';
import { startServer, stopServer, TRUCE, type ServeProcess } from './support/server.ts';
import { openStore } from '../src/store/connect.ts';
import * as records from '../src/services/records.ts';
import { addUser } from '../src/services/users.ts';
import { createRelease } from '../src/services/releases.ts';
import { contentHash } from '../src/domain/source.ts';
import type { Context } from '../src/services/context.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHOTS = join(ROOT, 'test-output', 'web');
// The seed article is real third-party text: it stays in ../shared and is read at run time.
const SEED_ARTICLE = join(ROOT, '..', 'shared', 'seed', 'article.txt');
const PASSWORD = 'a long test password';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MARKER = 'QXPROTECTEDWITNESS';
const skipBrowser = existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM} (set CHROMIUM_PATH; .ci/run installs Debian's chromium)`;

// Our own fixture text, not a real report.
const PROTECTED_TEXT = `A field monitor (${MARKER}) saw an armoured bulldozer demolish two houses east of Khan Younis at dawn; three people were killed.`;
const PUBLIC_TEXT = 'Civil defence crews said an air strike hit a house in Jabalia, killing four people, including two children.';

interface Seeded { publishedId: string; draftId: string }

async function seed(engine: 'sqlite' | 'postgres', url: string): Promise<Seeded> {
  const store = await openStore({ engine, target: url });
  let t = Date.parse('2025-11-20T08:00:00Z');
  let n = 0;
  const ctx: Context = { store, actor: 'seed', now: () => new Date((t += 1000)).toISOString(), newId: (p: string) => `${p}_w${String(++n).padStart(5, '0')}` };
  try {
    for (const [name, role] of [['ada', 'admin'], ['ana', 'analyst'], ['rev', 'reviewer']] as const) await addUser(ctx, { name, role, password: PASSWORD });
    const prot = await records.addSourceDocument(ctx, { kind: 'field-report', url: null, title: `Monitor note ${MARKER}`, publisher: `${MARKER} network`, publishedAt: '2025-11-02T06:00:00Z', retrievedAt: '2025-11-02T07:00:00Z', language: 'en', text: PROTECTED_TEXT, contentHash: contentHash(PROTECTED_TEXT), sensitivity: 'protected', reliability: 'B' });
    const pub = await records.addSourceDocument(ctx, { kind: 'news-article', url: 'https://example.org/jabalia', title: 'Strike on a house in Jabalia', publisher: 'Example News', publishedAt: '2025-10-28T09:00:00Z', retrievedAt: '2025-10-28T10:00:00Z', language: 'en', text: PUBLIC_TEXT, contentHash: contentHash(PUBLIC_TEXT), sensitivity: 'public', reliability: 'C' });
    const base = { agreementId: 'gaza-2025', dateEnd: null, datePrecision: 1 as const, subEventType: 'Air/drone strike', eventType: 'Explosions/Remote violence' as const, actor2: null, injured: {}, grade: 'fair' as const, gradeReason: 'two independent sources', provisions: [], spatial: [], notes: null };
    const places = [
      ['Jabalia', 'North Gaza', 31.5272, 34.483, 'israel', 4, '2025-10-28'],
      ['Gaza City', 'Gaza', 31.5017, 34.4668, 'israel', 2, '2025-10-19'],
      ['Deir al-Balah', 'Deir al-Balah', 31.4181, 34.3517, 'israel', 1, '2025-11-05'],
      ['Rafah', 'Rafah', 31.2969, 34.2455, 'hamas', 2, '2025-10-19'],
      ['Beit Lahia', 'North Gaza', 31.5464, 34.4951, 'israel', 7, '2025-11-12'],
    ] as const;
    let publishedId = '';
    for (const [name, admin1, lat, lon, actor, killed, date] of places) {
      const i = await records.createIncident(ctx, { ...base, date, location: { name, admin1, admin2: null, lat, lon, precision: 1 }, actor1: actor, killed: { civilians: { low: killed, best: killed, high: killed + 2 } }, status: 'published' });
      if (name === 'Jabalia') publishedId = i.id;
    }
    // A verified incident whose only source is protected: published, it must never show that source publicly.
    const khan = await records.createIncident(ctx, { ...base, date: '2025-11-02', eventType: 'Violence against civilians', subEventType: 'Attack', location: { name: 'Khan Younis', admin1: 'Khan Younis', admin2: null, lat: 31.3462, lon: 34.3063, precision: 2 }, actor1: 'israel', killed: { civilians: { low: 3, best: 3, high: 3 } }, status: 'published', notes: `Seen by ${MARKER}` });
    await records.addClaim(ctx, { kind: 'incident', sourceDocumentId: prot.document.id, claimantId: null, claimantName: 'a field monitor', claimedAt: '2025-11-02T06:00:00Z', evidence: { start: 0, end: PROTECTED_TEXT.length, text: PROTECTED_TEXT }, incidentId: khan.id, status: 'accepted', body: { kind: 'incident', date: '2025-11-02', location: 'Khan Younis', perpetrator: 'israel', target: null, eventType: 'Violence against civilians', subEventType: 'Attack', killed: { civilians: { low: 3, best: 3, high: 3 } }, injured: {}, victims: null } });
    await records.addClaim(ctx, { kind: 'incident', sourceDocumentId: pub.document.id, claimantId: null, claimantName: 'civil defence', claimedAt: '2025-10-28T09:00:00Z', evidence: { start: 0, end: PUBLIC_TEXT.length, text: PUBLIC_TEXT }, incidentId: publishedId, status: 'accepted', body: { kind: 'incident', date: '2025-10-28', location: 'Jabalia', perpetrator: 'israel', target: null, eventType: 'Explosions/Remote violence', subEventType: 'Air/drone strike', killed: { civilians: { low: 4, best: 4, high: 4 } }, injured: {}, victims: null } });
    const draft = await records.createIncident(ctx, { ...base, date: '2025-11-18', location: { name: 'Bureij', admin1: 'Deir al-Balah', admin2: null, lat: 31.438, lon: 34.403, precision: 1 }, actor1: 'hamas', killed: {}, grade: null, gradeReason: null, status: 'draft' });
    // Reported series: the ministry's running total since the ceasefire, and two bodies' daily truck counts.
    await records.createActor(ctx, { id: 'gaza-moh', name: 'Gaza Ministry of Health', aliases: [], kind: 'reporting-body', affiliation: null, acledActorType: null, wikidataId: null });
    await records.createActor(ctx, { id: 'cogat', name: 'COGAT', aliases: [], kind: 'reporting-body', affiliation: null, acledActorType: null, wikidataId: null });
    await records.createActor(ctx, { id: 'un2720', name: 'UN 2720 mechanism', aliases: [], kind: 'reporting-body', affiliation: null, acledActorType: null, wikidataId: null });
    await records.defineSeries(ctx, { id: 'gaza-moh.killed_since_truce', bodyId: 'gaza-moh', metric: 'killed_since_truce', mode: 'cumulative', unit: 'people', description: null, estimated: false, territory: 'gaza-strip' });
    for (const [date, value] of [['2025-10-20', 90], ['2025-10-30', 211], ['2025-11-10', 242], ['2025-11-19', 280]] as const) await records.recordSeriesPoint(ctx, { seriesId: 'gaza-moh.killed_since_truce', date, value, sourceDocumentId: null, note: null });
    await records.defineSeries(ctx, { id: 'cogat.trucks', bodyId: 'cogat', metric: 'trucks', mode: 'daily', unit: 'trucks', description: null, estimated: false, territory: 'gaza-strip' });
    await records.defineSeries(ctx, { id: 'un2720.trucks', bodyId: 'un2720', metric: 'trucks', mode: 'daily', unit: 'trucks', description: null, estimated: false, territory: 'gaza-strip' });
    for (let d = 0; d < 30; d++) {
      const date = new Date(Date.parse('2025-10-15T00:00:00Z') + d * 86_400_000).toISOString().slice(0, 10);
      await records.recordSeriesPoint(ctx, { seriesId: 'cogat.trucks', date, value: 520 + ((d * 37) % 160), sourceDocumentId: null, note: null });
      if (d % 2 === 0) await records.recordSeriesPoint(ctx, { seriesId: 'un2720.trucks', date, value: 140 + ((d * 23) % 90), sourceDocumentId: null, note: null });
    }
    await records.addClaim(ctx, { kind: 'pledge', sourceDocumentId: pub.document.id, claimantId: null, claimantName: 'Indonesia', claimedAt: '2025-11-01T09:00:00Z', evidence: null, incidentId: null, status: 'accepted', body: { kind: 'pledge', country: 'Indonesia', force: 'ISF', troops: { low: 0, best: 20000, high: 20000 }, status: 'pledged' } });
    await records.addClaim(ctx, { kind: 'pledge', sourceDocumentId: pub.document.id, claimantId: null, claimantName: 'Pakistan', claimedAt: '2025-11-01T09:00:00Z', evidence: null, incidentId: null, status: 'accepted', body: { kind: 'pledge', country: 'Pakistan', force: 'ISF', troops: null, status: 'considering' } });
    await records.addClaim(ctx, { kind: 'objection', sourceDocumentId: pub.document.id, claimantId: null, claimantName: 'Israel', claimedAt: '2025-11-01T09:00:00Z', evidence: null, incidentId: null, status: 'accepted', body: { kind: 'objection', objector: 'Israel', objectsTo: 'Turkey', force: 'ISF' } });
    await createRelease(ctx, 'browser test release');
    return { publishedId: khan.id, draftId: draft.id };
  } finally {
    await store.close();
  }
}

for (const engine of ENGINES) {
  describe(`web app in a browser on ${engine.name}`, { skip: engine.skip || skipBrowser }, () => {
    let location: { url: string; dispose(): Promise<void> };
    let server: ServeProcess | undefined;
    let browser: Browser;
    let seeded: Seeded;
    const errors: string[] = [];
    const shot = async (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${engine.name}-${name}.png`), fullPage: true });
    const open = async (viewport = { width: 1280, height: 800 }) => {
      const ctx = await browser.newContext({ viewport });
      const page = await ctx.newPage();
      page.on('pageerror', (e) => errors.push(`page error: ${e.message} ${e.stack ?? ''}`));
      // A 401 is how the API says "not signed in" (the app asks on load, and a wrong password gets one): expected.
      page.on('console', (m) => m.type() === 'error' && !/status of 401/.test(m.text()) && errors.push(`console: ${m.text()}`));
      // Nothing may be fetched from anywhere but our own server.
      await page.route('**/*', (route) => (route.request().url().startsWith(server!.url) || route.request().url().startsWith('blob:') || route.request().url().startsWith('data:') ? route.continue() : (errors.push(`outside request: ${route.request().url()}`), route.abort())));
      return page;
    };
    const signIn = async (page: Page, name: string) => {
      await page.goto(`${server!.url}/login`);
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText(`${name} ·`).waitFor();
    };

    before(async () => {
      assert.ok(existsSync(join(ROOT, 'web/dist/index.html')), 'web/dist is missing: run `npm run build:web` (scripts/test.mjs does it before browser tests)');
      mkdirSync(SHOTS, { recursive: true });
      location = await engine.freshLocation();
      const init = spawnSync(process.execPath, [TRUCE, 'init', '--database', location.url], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TRUCE_USER: 'setup' } });
      assert.equal(init.status, 0, init.stderr);
      seeded = await seed(engine.name, location.url);
      server = await startServer(location.url, { env: { TRUCE_INSECURE_COOKIES: '1', TRUCE_USER: 'server' } });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    });
    after(async () => {
      await browser?.close();
      await stopServer(server);
      await location?.dispose();
    });

    test('the public view: overview and map of the latest release, no login, no protected source anywhere', async () => {
      const page = await open();
      await page.goto(`${server!.url}/`);
      await page.waitForURL(/\/public$/);
      await page.getByTestId('day-n').getByText(/Day \d+/).waitFor();
      assert.match(await page.getByTestId('incident-total').innerText(), /^6\b/, 'six published incidents in the release');
      // Deaths from verified incidents: 4+2+1+2+7+3 = 19, high 4 groups of +2 → 29.
      assert.match(await page.getByTestId('verified-killed').innerText(), /19 \(19–29\)/);
      await page.getByText('release 1').first().waitFor();
      await page.locator('.chart canvas').first().waitFor();
      await shot(page, 'public-overview');
      assert.doesNotMatch(await page.content(), new RegExp(MARKER));

      await page.getByRole('link', { name: 'Map' }).click();
      await page.waitForURL(/\/public\/map$/);
      await page.locator('.maplibregl-canvas').waitFor();
      await page.getByRole('button', { name: /Khan Younis/ }).click();
      const card = page.getByTestId('incident-card');
      await card.getByText(/Killed: 3/).waitFor();
      assert.doesNotMatch(await card.innerText(), new RegExp(MARKER), 'notes behind a protected source are withheld');
      await page.waitForTimeout(400);
      await shot(page, 'public-map');
      await card.getByRole('link', { name: /Full record/ }).click();
      await page.getByRole('heading', { name: /Khan Younis/ }).waitFor();
      await page.getByRole('heading', { name: 'History' }).waitFor();
      await shot(page, 'public-incident');
      const html = await page.content();
      assert.doesNotMatch(html, new RegExp(MARKER));
      assert.doesNotMatch(html, /field monitor/);
      // The draft never reaches the public.
      const res = await page.request.get(`${server!.url}/api/incidents/${seeded.draftId}`, { headers: { cookie: '' } });
      assert.equal(res.status(), 404);
      await page.context().close();
    });

    // The page tour and the phone layout do not depend on the engine: SQLite only, to keep this file near two minutes.
    const pagesOnly = engine.name === 'sqlite' ? {} : { skip: 'pages tested on SQLite; the engine-specific paths (aggregates, intake, review) run here' };

    test('staff sign in and see the overview, map, incidents, an incident with its sources, the board and users', pagesOnly, async () => {
      const page = await open();
      await page.goto(`${server!.url}/incidents`);
      await page.waitForURL(/\/login\?next=/);
      await shot(page, 'login');
      await page.getByLabel('Name').fill('ana');
      await page.getByLabel('Password').fill('wrong password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      await page.getByLabel('Name').fill('ada');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Back where the sign-in began.
      await page.waitForURL(/\/incidents$/);
      await page.getByRole('link', { name: 'Overview' }).click();
      await page.getByTestId('day-n').getByText(/Day \d+/).waitFor();
      assert.match(await page.getByTestId('incident-total').innerText(), /^7\b/, 'staff see the draft too');
      await page.getByText('Gaza Ministry of Health').first().waitFor();
      await page.getByText(/pledged of/).waitFor();
      await shot(page, 'overview');
      // The week's situation report is one click away, in the staff member's session.
      const reportHref = await page.getByTestId('report-links').getByRole('link', { name: 'Report' }).getAttribute('href');
      assert.match(reportHref ?? '', /^\/api\/agreements\/gaza-2025\/report\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&format=html$/);
      const report = await page.request.get(new URL(reportHref!, page.url()).toString());
      assert.equal(report.status(), 200);
      assert.match(await report.text(), /<html[\s\S]*Situation report|<html[\s\S]*situation report/i);

      await page.getByRole('link', { name: 'Map' }).click();
      await page.locator('.maplibregl-canvas').waitFor();
      await page.getByText(/7 incidents shown/).waitFor();
      await page.getByLabel('Status').selectOption('draft');
      await page.getByText(/1 incident shown/).waitFor();
      await page.getByLabel('Status').selectOption('');
      await page.getByRole('button', { name: /Beit Lahia/ }).click();
      await page.getByTestId('incident-card').getByText(/Killed: 7/).waitFor();
      await page.waitForTimeout(400);
      await shot(page, 'map');

      await page.getByRole('link', { name: 'Incidents' }).click();
      await page.getByRole('cell', { name: /Khan Younis/ }).waitFor();
      await page.getByRole('button', { name: /Killed/ }).click();
      const firstPlace = await page.locator('tbody tr').first().locator('td').nth(1).innerText();
      assert.match(firstPlace, /Beit Lahia/, 'sorted by deaths, most first');
      await shot(page, 'incidents');
      await page.locator('tbody tr', { hasText: 'Khan Younis' }).getByRole('link').click();
      await page.getByText('protected source — never public').waitFor();
      await page.getByText(/sha256 [0-9a-f]{16}/).first().waitFor();
      await shot(page, 'incident');

      await page.getByRole('link', { name: 'Agreement' }).click();
      await page.locator('.provision').first().waitFor();
      // The incidents behind a breach: counted, and listed (newest first) as links to their pages.
      await page.locator('details.evidence summary', { hasText: /\d+ verified incidents?/ }).first().click();
      await page.locator('details.evidence[open] .evidence-ids a').first().waitFor();
      await shot(page, 'agreement');

      await page.getByRole('link', { name: 'Users' }).click();
      await page.getByRole('cell', { name: 'rev', exact: true }).waitFor();
      await shot(page, 'users');
      await page.context().close();
    });

    test('phone width: the menu folds, the overview and map still read', pagesOnly, async () => {
      const page = await open({ width: 390, height: 844 });
      await signIn(page, 'ana');
      await page.getByTestId('day-n').waitFor();
      await shot(page, 'phone-overview');
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('link', { name: 'Map' }).click();
      await page.locator('.maplibregl-canvas').waitFor();
      await page.waitForTimeout(400);
      await shot(page, 'phone-map');
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px at phone width`);
      await page.context().close();
    });

    test('intake and review: paste the seed article, accept and grade its draft, a second reviewer verifies it, it counts on the overview and the map', async () => {
      const article = readFileSync(SEED_ARTICLE, 'utf8');
      const page = await open();
      await signIn(page, 'ana');
      await page.getByRole('link', { name: 'Intake' }).click();
      await page.getByLabel("The report's text").fill(article);
      await page.getByLabel('Title').fill('Rubio calls for Hamas disarmament');
      await page.getByLabel('Published on').fill('2025-12-20');
      // The preview follows the text before anything is saved.
      await page.getByRole('heading', { name: /^Incidents \(1\)/ }).waitFor();
      await page.getByRole('heading', { name: /Troop pledges/ }).waitFor();
      await shot(page, 'intake');
      await page.getByRole('button', { name: 'Send to the review queue' }).click();
      await page.getByText(/Saved\. 1 draft incident/).waitFor();
      await page.getByRole('status').getByRole('link', { name: 'review queue' }).click();

      const item = page.locator('.queue a', { hasText: 'Gaza Strip' });
      await item.click();
      // The evidence sentence is highlighted in the source text.
      await page.locator('.source-text mark', { hasText: 'killed five people in a shelter' }).first().waitFor();
      await shot(page, 'review');
      const draftUrl = page.url();
      // Keyboard: a accepts, e edits (the article gives no day: the analyst dates it to the report), g grades.
      await page.locator('body').press('a');
      await page.getByText(/Accepted: now in-review/).waitFor();
      await page.locator('body').press('e');
      await page.getByLabel('Date', { exact: true }).fill('2025-12-20');
      await page.getByLabel('Why (optional, kept in the audit log)').fill('the report of 20 Dec 2025 calls it recent');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(/Saved: now in-review/).waitFor();
      await page.locator('body').press('g');
      await page.locator('select[name=grade]').selectOption('weak');
      await page.getByLabel('Reason (kept with the grade)').fill('one news report so far');
      await page.getByRole('button', { name: 'Save the grade' }).click();
      await page.getByText(/Graded weak/).waitFor();
      await page.getByText(/another reviewer must verify it/).waitFor();
      await shot(page, 'review-accepted');
      await page.getByRole('button', { name: 'Sign out' }).click();

      await signIn(page, 'rev');
      await page.goto(draftUrl);
      await page.getByRole('button', { name: /Verify/ }).waitFor();
      await page.locator('body').press('v');
      await page.getByText(/Verified: now verified/).waitFor();

      await page.getByRole('link', { name: 'Overview' }).click();
      // 19 (19–29) from the seeded incidents, plus the five killed in the shelter.
      await page.getByTestId('verified-killed').getByText('24 (24–34)').waitFor();
      await shot(page, 'overview-after-review');
      await page.getByRole('link', { name: 'Map' }).click();
      await page.getByLabel('Status').selectOption('verified');
      await page.getByText(/^1 incident shown/).waitFor();
      await page.getByRole('button', { name: /Gaza Strip/ }).click();
      await page.getByTestId('incident-card').getByText(/Killed: 5/).waitFor();
      await page.waitForTimeout(300);
      await shot(page, 'map-after-review');
      await page.context().close();
    });

    test('no script errors and no request left our server', () => {
      assert.deepEqual(errors, []);
    });
  });
}
