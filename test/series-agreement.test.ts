// Which agreement a reported series reports on, on both engines: a series covers a territory (the Gaza Strip, the
// West Bank, Lebanon) and is listed in the tallies, overview and sitrep of the agreements over that territory, or
// of an agreement it was explicitly linked to on import. A Lebanon series is no Gaza figure; a series that names
// neither a territory nor an agreement is listed apart, never lost. Series held before the upgrade (migration
// 0007) get the territory their own record names, recorded in the audit log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Migrator } from 'kysely';
import { ENGINES, testClock } from './support/engines.ts';
import { migrate, openStore, type Store } from '../src/store/connect.ts';
import { migrationProvider } from '../src/store/migrations/index.ts';
import type { Context } from '../src/services/context.ts';
import { loadBundledData } from '../src/services/bundled.ts';
import { importFile } from '../src/services/import.ts';
import { talliesOf } from '../src/services/tallies.ts';
import { complianceOf } from '../src/services/compliance.ts';
import { overviewOf } from '../src/services/overview.ts';
import { sitrepOf } from '../src/services/report.ts';
import { checkIntegrity } from '../src/services/integrity.ts';
import { write } from '../src/services/write.ts';
import { getSeries } from '../src/store/repositories/series.ts';
import { formatTallies } from '../src/cli/commands/tallies.ts';
import { linkSeries, seriesListing } from '../src/services/series.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TRUCE = fileURLToPath(new URL('../bin/truce', import.meta.url));

// Daily files shaped like Tech For Palestine's (field names as theirs, figures made up for the test).
const GAZA = [
  { report_date: '2025-10-08', report_source: 'mohtel', killed_cum: 1000, killed: 10 },
  { report_date: '2025-10-15', report_source: 'mohtel', killed_cum: 1030, killed: 30 },
  { report_date: '2025-10-20', report_source: 'mohtel', killed_cum: 1042, killed: 12 },
];
const LEBANON = [
  { report_date: '2025-10-08', report_source: 'moph_lb', phase: 3, killed_cum: 500 },
  { report_date: '2025-10-18', report_source: 'moph_lb', phase: 3, killed_cum: 507 },
];
const WEST_BANK = [
  { report_date: '2025-10-09', flash_source: 'un', killed_cum: 200 },
  { report_date: '2025-10-19', flash_source: 'un', killed_cum: 204 },
];

function files() {
  const dir = mkdtempSync(join(tmpdir(), 'truce-series-agreement-'));
  const put = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  return {
    dir,
    gaza: put('gaza.json', JSON.stringify(GAZA)),
    lebanon: put('lebanon.json', JSON.stringify(LEBANON)),
    westBank: put('west-bank.json', JSON.stringify(WEST_BANK)),
    // No territory, no agreement: whose truce these trucks belong to cannot be told from the file.
    trucks: put('trucks.csv', 'date,value,metric,body\n2025-10-12,90,trucks,crossing-office\n2025-10-13,110,trucks,crossing-office\n'),
    // A territory as people write it, and an explicit agreement.
    named: put('named.csv', 'date,value,metric,body,territory,agreement\n2025-10-14,3,strikes,field-monitor,Gaza Strip,\n2025-10-14,4,strikes,border-monitor,,lebanon-2024\n'),
    // HXL-tagged: the area under #adm1+name.
    hxl: put('series-hxl.csv', 'date,value,indicator,org,area\n#date,#indicator+value+num,#indicator+name,#org+name,#adm1+name\n2025-10-14,2,strikes,hxl-monitor,Gaza Strip\n'),
    unknownAgreement: put('unknown.csv', 'date,value,metric,body,agreement\n2025-10-14,1,strikes,other-monitor,atlantis-2030\n'),
  };
}

const listed = (r: { bodies: { seriesId: string }[] }) => r.bodies.map((b) => b.seriesId);

for (const engine of ENGINES) {
  describe(`series and the agreements they report on, ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let ctx: Context;
    let f: ReturnType<typeof files>;
    before(async () => {
      store = await engine.fresh();
      ctx = { store, actor: 'amina', ...testClock() };
      await loadBundledData(ctx);
      f = files();
      for (const file of [f.gaza, f.lebanon, f.westBank]) await importFile(ctx, 'tfp', file);
      await importFile(ctx, 'series', f.trucks);
    });
    after(async () => {
      await store?.close();
      if (f) rmSync(f.dir, { recursive: true, force: true });
    });

    test('the tallies of gaza-2025 list the Gaza bodies only; Lebanon and the West Bank are under their own agreement or counted apart', async () => {
      const gaza = await talliesOf(store, 'gaza-2025', '2025-10-31');
      assert.deepEqual(listed(gaza), ['gaza-moh.killed', 'gaza-moh.killed_cum']);
      const moh = gaza.bodies.find((b) => b.seriesId === 'gaza-moh.killed_cum');
      assert.equal(moh?.value, 42, 'the ministry\u2019s killed since the truce: 1042 on 20 Oct less 1000 before it');
      assert.deepEqual(gaza.territories, ['gaza-strip']);
      assert.deepEqual(gaza.elsewhere, [{ territory: 'lebanon', series: 1 }, { territory: 'west-bank', series: 1 }]);
      assert.deepEqual(gaza.unlinked.map((u) => u.seriesId), ['crossing-office.trucks'], 'a series with no territory or agreement is named, not lost');
      const text = formatTallies(gaza);
      assert.doesNotMatch(text, /lebanon-moh|un-ocha/);
      assert.match(text, /Not linked to this agreement[^\n]*\n {2}crossing-office\.trucks\n/);

      const lebanon = await talliesOf(store, 'lebanon-2024', '2025-10-31');
      assert.deepEqual(listed(lebanon), ['lebanon-moh.killed_cum']);
      const overview = await overviewOf(store, 'gaza-2025', '2025-10-31', 'internal');
      assert.deepEqual(overview.tallies.unlinked, ['crossing-office.trucks'], 'the overview names it under its table too');
    });

    test('a series imported with --agreement, or with territory and agreement columns, lists under that agreement', async () => {
      const again = await importFile(ctx, 'series', f.trucks, { agreementId: 'gaza-2025' });
      assert.deepEqual(again.points, { new: 0, updated: 0, unchanged: 2 }, 'linking adds no figures');
      assert.deepEqual((await getSeries(store.db, 'crossing-office.trucks'))?.agreements, ['gaza-2025']);
      await importFile(ctx, 'series', f.named);
      assert.equal((await getSeries(store.db, 'field-monitor.strikes'))?.territory, 'gaza-strip');
      await importFile(ctx, 'hxl', f.hxl);
      assert.equal((await getSeries(store.db, 'hxl-monitor.strikes'))?.territory, 'gaza-strip');

      const gaza = await talliesOf(store, 'gaza-2025', '2025-10-31');
      assert.deepEqual(listed(gaza), ['crossing-office.trucks', 'field-monitor.strikes', 'gaza-moh.killed', 'gaza-moh.killed_cum', 'hxl-monitor.strikes']);
      assert.equal(gaza.bodies.find((b) => b.seriesId === 'crossing-office.trucks')?.value, 200);
      assert.deepEqual(gaza.unlinked, []);
      const lebanon = await talliesOf(store, 'lebanon-2024', '2025-10-31');
      assert.deepEqual(listed(lebanon), ['border-monitor.strikes', 'lebanon-moh.killed_cum'], 'linked to lebanon-2024 by its agreement column');

      const bad = await importFile(ctx, 'series', f.unknownAgreement);
      assert.equal(bad.rejected, 1, 'an agreement that is not held is refused for its row');
      assert.equal(await getSeries(store.db, 'other-monitor.strikes'), undefined);
      rmSync(`${f.unknownAgreement}.rejects.csv`, { force: true });

      const integrity = await checkIntegrity(store);
      assert.deepEqual(integrity.problems, [], 'every territory and link is in the audit log');
    });

    test('a held series is linked, moved to a territory and unlinked without importing it again, each change audited', async () => {
      const id = 'crossing-office.trucks';
      await linkSeries(ctx, [id], { unlinkAgreementId: 'gaza-2025' });
      assert.deepEqual((await talliesOf(store, 'gaza-2025', '2025-10-31')).unlinked.map((u) => u.seriesId), [id], 'unlinked again: listed apart');
      const truckReadings = async () => (await complianceOf(store, 'gaza-2025', '2025-10-31')).report.provisions.filter((p) => p.indicator?.metric === 'trucks').flatMap((p) => p.indicator!.readings);
      assert.deepEqual(await truckReadings(), [], 'a truck count that names no agreement or territory does not feed gaza-2025’s truck target');
      await linkSeries(ctx, [id], { territory: 'Lebanon' });
      assert.ok(listed(await talliesOf(store, 'lebanon-2024', '2025-10-31')).includes(id));
      assert.ok(!listed(await talliesOf(store, 'gaza-2025', '2025-10-31')).includes(id));
      const listing = await seriesListing(store, { agreementId: 'gaza-2025' });
      assert.equal(listing.find((l) => l.series.id === id)?.relevance, 'elsewhere');
      await linkSeries(ctx, [id], { territory: 'gaza', agreementId: 'gaza-2025' });
      assert.ok(listed(await talliesOf(store, 'gaza-2025', '2025-10-31')).includes(id));
      assert.ok((await truckReadings()).length > 0, 'linked to gaza-2025, its figures are read against the target');
      await assert.rejects(linkSeries(ctx, ['no-such.series'], { agreementId: 'gaza-2025' }), /no series "no-such\.series" is held/);
      await assert.rejects(linkSeries(ctx, [id], { agreementId: 'atlantis-2030' }), /no agreement "atlantis-2030" is held/);
      assert.deepEqual((await checkIntegrity(store)).problems, []);
    });

    test('the overview and the sitrep of gaza-2025 leave the Lebanon and West Bank series out', async () => {
      const overview = await overviewOf(store, 'gaza-2025', '2025-10-31', 'internal');
      const ids = (overview.tallies as { bodies: { seriesId: string }[] }).bodies.map((b) => b.seriesId);
      assert.ok(ids.includes('gaza-moh.killed_cum'), ids.join(', '));
      assert.ok(!ids.some((id) => /lebanon|west_bank/.test(id)), ids.join(', '));
      assert.ok(!overview.deathsOverTime.bodies.some((s) => /lebanon|west_bank/.test(s.seriesId)), 'the deaths chart has no Lebanon line');

      const sitrep = await sitrepOf(store, { agreementId: 'gaza-2025', from: '2025-10-13', to: '2025-10-19', now: '2025-10-20T08:00:00Z' });
      const bodies = sitrep.headline.map((h) => h.body).join(', ');
      assert.doesNotMatch(bodies, /lebanon|ocha/i);
      assert.match(bodies, /Gaza Health Ministry/);
    });
  });

  describe(`series held before the upgrade, ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    before(async () => {
      // An empty database, not yet migrated: it is brought to the schema before 0007 below.
      const where = await engine.freshLocation();
      dispose = where.dispose;
      store = await openStore({ engine: engine.name, target: where.url }, { create: true });
    });
    after(async () => {
      await store?.close();
      await dispose?.();
    });

    test('get the territory their own record names, in the audit log; the rest stay unlinked and readable', async () => {
      const { error } = await new Migrator({ db: store.db, provider: migrationProvider(store.engine) }).migrateTo('0005-analyze-incidents');
      assert.equal(error, undefined);
      // Rows as the importers wrote them before series had a territory, with their audit events.
      const ctx: Context = { store, actor: 'amina', ...testClock() };
      const held = [
        { id: 'gaza-moh.killed_cum', bodyId: 'gaza-moh', metric: 'killed_cum', mode: 'cumulative', unit: 'people', description: 'Gaza: field killed_cum', estimated: false },
        { id: 'un-ocha.west_bank.killed_cum', bodyId: 'un-ocha', metric: 'west_bank.killed_cum', mode: 'cumulative', unit: 'people', description: 'West Bank: field killed_cum', estimated: false },
        { id: 'crossing-office.trucks', bodyId: 'crossing-office', metric: 'trucks', mode: 'daily', unit: 'trucks', description: null, estimated: false },
      ];
      await write(ctx, async (w) => {
        for (const s of held) {
          await w.tx.insertInto('series').values({ ...s, estimated: 0, version: 1, createdAt: w.at, updatedAt: w.at } as never).execute();
          await w.audit('series', s.id, 'create', null, s, 'import before the upgrade');
          await w.tx.insertInto('seriesPoints').values({ seriesId: s.id, date: '2025-10-20', value: 7, sourceDocumentId: null, note: null }).execute();
          await w.audit('series-point', `${s.id}@2025-10-20`, 'create', null, { seriesId: s.id, date: '2025-10-20', value: 7, sourceDocumentId: null, note: null }, 'import before the upgrade');
        }
      });
      await migrate(store);

      assert.equal((await getSeries(store.db, 'gaza-moh.killed_cum'))?.territory, 'gaza-strip');
      assert.equal((await getSeries(store.db, 'un-ocha.west_bank.killed_cum'))?.territory, 'west-bank');
      const trucks = await getSeries(store.db, 'crossing-office.trucks');
      assert.equal(trucks?.territory, null);
      assert.equal(trucks?.agreements, undefined);
      const events = await store.db.selectFrom('auditEvents').select(['entityId', 'why']).where('entity', '=', 'series').where('action', '=', 'update').orderBy('seq').execute();
      assert.deepEqual(events.map((e) => e.entityId), ['gaza-moh.killed_cum', 'un-ocha.west_bank.killed_cum']);
      assert.match(events[0]!.why ?? '', /migration 0007/);
      const integrity = await checkIntegrity(store);
      assert.equal(integrity.chain.ok, true);
      assert.deepEqual(integrity.problems, []);

      await loadBundledData({ store, actor: 'amina', ...testClock('2025-10-21T08:00:00Z') });
      const gaza = await talliesOf(store, 'gaza-2025', '2025-10-31');
      assert.deepEqual(listed(gaza), ['gaza-moh.killed_cum']);
      assert.deepEqual(gaza.unlinked.map((u) => u.seriesId), ['crossing-office.trucks']);
    });
  });
}

// As a user runs it, on SQLite (the storage paths above run on both engines): a Lebanon file imported beside the
// Gaza one does not appear under `truce tallies gaza-2025`, and does under lebanon-2024.
describe('truce tallies with Gaza and Lebanon series held', () => {
  const f = files();
  const dir = mkdtempSync(join(tmpdir(), 'truce-series-cli-'));
  const database = join(dir, 'truce.db');
  const truce = (...args: string[]) => {
    const r = spawnSync(process.execPath, [TRUCE, ...args, '--database', database], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TRUCE_DATABASE: '', TRUCE_USER: 'tester' }, timeout: 120_000 });
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
  };
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(f.dir, { recursive: true, force: true });
  });

  test('each agreement lists its own bodies', () => {
    assert.equal(truce('init').code, 0);
    for (const file of [f.gaza, f.lebanon]) assert.equal(truce('import', 'tfp', file).code, 0);
    const gaza = truce('tallies', 'gaza-2025', '--as-of', '2025-10-31');
    assert.equal(gaza.code, 0, gaza.err);
    assert.match(gaza.out, /gaza-moh\s+killed_cum\s+42\s+as of 2025-10-20/);
    assert.doesNotMatch(gaza.out, /lebanon-moh/);
    assert.match(gaza.out, /Not listed: series that report on other areas than gaza-strip \(1 over lebanon\)/);
    const lebanon = truce('tallies', 'lebanon-2024', '--as-of', '2025-10-31', '--json');
    assert.equal(lebanon.code, 0, lebanon.err);
    assert.deepEqual((JSON.parse(lebanon.out) as { bodies: { seriesId: string }[] }).bodies.map((b) => b.seriesId), ['lebanon-moh.killed_cum']);

    // A file with no territory: listed apart, then linked with `truce series link`.
    assert.equal(truce('import', 'series', f.trucks).code, 0);
    assert.match(truce('tallies', 'gaza-2025', '--as-of', '2025-10-31').out, /Not linked to this agreement[^\n]*\n {2}crossing-office\.trucks\n {2}to list one here: truce series link ID --agreement gaza-2025/);
    const link = truce('series', 'link', 'crossing-office.trucks', '--agreement', 'gaza-2025');
    assert.equal(link.code, 0, link.err);
    assert.match(truce('tallies', 'gaza-2025', '--as-of', '2025-10-31').out, /crossing-office\s+trucks\s+200/);
    assert.match(truce('series', 'list', '--agreement', 'gaza-2025').out, /crossing-office\.trucks\s+\(no territory\)\s+linked: gaza-2025\s+— gaza-2025: linked to it/);
  });
});
