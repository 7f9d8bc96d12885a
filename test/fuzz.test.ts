// Bad input, generated: property-based tests (fast-check) on the parsers and boundaries. Each must answer every
// input with a result or a clear refusal — never a crash, a hang, a 500 or a changed database.
// Budget: TRUCE_FUZZ_SCALE multiplies every run count (1 in CI ≈ 100,000 inputs in all; 10 for a nightly run).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { parseAgreementYaml } from '../src/formats/agreement-yaml.ts';
import { extract } from '../src/extract/index.ts';
import { readDocumentFile } from '../src/formats/documents.ts';
import { draftClaims, draftIncidentOf } from '../src/consolidate/draft.ts';
import { assertValidIncident } from '../src/domain/incident.ts';
import { UserError } from '../src/domain/errors.ts';
import { ACLED_COLUMNS, acledLayout, parseAcledRow, type AcledLayout } from '../src/formats/acled.ts';
import { UCDP_COLUMNS, parseUcdpRow } from '../src/formats/ucdp.ts';
import { SERIES_COLUMNS, parseSeriesRow } from '../src/formats/series-csv.ts';
import { parseTfp } from '../src/formats/tfp.ts';
import { headerIndex } from '../src/formats/csv.ts';
import type { ImportRow } from '../src/formats/records.ts';
import { bundledLexicon } from '../src/extract/bundled.ts';
import { buildApp } from '../src/server/app.ts';
import { loadBundledData } from '../src/services/bundled.ts';
import { checkIntegrity } from '../src/services/integrity.ts';
import { storeStatus } from '../src/services/status.ts';
import { migrate, openStore, type Store } from '../src/store/connect.ts';
import { ENGINES, testClock } from './support/engines.ts';

const SCALE = Number(process.env.TRUCE_FUZZ_SCALE ?? 1);
const runs = (n: number) => Math.max(10, Math.round(n * SCALE));
/** Inputs tried per property, summed into the figure docs/reliability.md reports. */
const tried: Record<string, number> = {};
const count = (name: string) => (tried[name] = (tried[name] ?? 0) + 1);

const GAZA_YAML = readFileSync(fileURLToPath(new URL('../data/agreements/gaza-2025.yaml', import.meta.url)), 'utf8');

/** A valid agreement with a few of its lines deleted, duplicated, truncated or overwritten. */
const mutatedAgreement = fc
  .array(fc.tuple(fc.nat(), fc.constantFrom('delete', 'duplicate', 'truncate', 'replace', 'indent'), fc.string({ maxLength: 30 })), { minLength: 1, maxLength: 6 })
  .map((edits) => {
    const lines = GAZA_YAML.split('\n');
    for (const [at, op, junk] of edits) {
      const i = at % lines.length;
      const line = lines[i]!;
      if (op === 'delete') lines.splice(i, 1);
      else if (op === 'duplicate') lines.splice(i, 0, line);
      else if (op === 'truncate') lines[i] = line.slice(0, Math.floor(line.length / 2));
      else if (op === 'replace') lines[i] = line.replace(/:\s.*$/, `: ${junk}`);
      else lines[i] = `  ${line}`;
    }
    return lines.join('\n');
  });

describe('agreement YAML under generated damage', () => {
  test('any text gets a result or problems with a line and a message, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), mutatedAgreement), (text) => {
        count('agreement YAML');
        const result = parseAgreementYaml(text, 'fuzz.yaml');
        if (result.ok) return;
        assert.ok(result.problems.length > 0);
        for (const p of result.problems) {
          assert.ok(Number.isInteger(p.line) && p.line >= 1, `line ${p.line}`);
          assert.ok(p.message.length > 0 && p.field.length > 0);
          assert.equal(p.file, 'fuzz.yaml');
        }
      }),
      { numRuns: runs(1500) },
    );
  });
});

// Words the extractor reacts to, shuffled into sentences, so generated text reaches its rules, not only its
// early exits.
const WORDS = [
  'Israeli', 'Hamas', 'Hezbollah', 'RSF', 'army', 'strike', 'airstrike', 'drone', 'shelling', 'gunfire', 'killed', 'wounded', 'injured', 'at least',
  'dozens', 'twenty-one', 'five', '44', '1,200', '30 trucks', 'on Sunday', 'yesterday', 'October 10', '2025', 'in', 'near', 'Khan Younis', 'Jabalia',
  'Beit Lahia', 'al-Mawasi', 'Rafah', 'Nabatieh', 'El Fasher', 'ceasefire', 'since', 'bringing the total to', 'according to the health ministry',
  'pledged', 'up to 20,000', 'peacekeepers', 'Indonesia', 'denied', 'said', '.', ',', '"', '\n', 'Number of deaths:', '—', '٣', 'é', '',
];
const sentenceText = fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 8 })), { maxLength: 60 }).map((w) => w.join(' '));

describe('extractor on generated text', () => {
  const lexicon = bundledLexicon();
  test('never throws, and what it returns keeps its promises', () => {
    fc.assert(
      fc.property(fc.oneof(sentenceText, fc.string({ maxLength: 300 })), fc.option(fc.constantFrom('2025-10-20', '2026-01-05', '2024-11-28'), { nil: null }), (text, published) => {
        count('extractor');
        const out = extract(text, lexicon, { published });
        for (const i of out.incidents) {
          for (const e of [i.killed, i.injured]) if (e) assert.ok(e.low <= e.best && e.best <= e.high && e.low >= 0, JSON.stringify(e));
          if (i.date && published) assert.ok(i.date <= published, `incident dated ${i.date} after publication ${published}`);
          if (i.location?.lat != null) assert.ok(Math.abs(i.location.lat) <= 90 && Math.abs(i.location.lon!) <= 180);
          assert.ok(text.includes(i.evidence.trim().slice(0, 20)), 'evidence comes from the text');
        }
        for (const t of out.tallies) assert.ok(Number.isFinite(t.value) && t.value >= 0, JSON.stringify(t));
      }),
      { numRuns: runs(60000) },
    );
  });
});

// Reports as files: every reader gets damaged and random content under its own extension. Each file yields
// documents with clean text or failures with a reason; never an exception. Drafts built from whatever the extractor
// finds are always valid incidents and claims.
const REPORT_SAMPLES: Record<string, string> = {
  '.html': '<html lang="en"><head><meta property="og:title" content="T"></head><body><nav>menu</nav><article><p>Five people were killed in Rafah on Sunday.</p></article></body></html>',
  '.rss': '<?xml version="1.0"?><rss><channel><title>W</title><item><title>A</title><link>https://e.org/a</link><description>&lt;p&gt;Text&lt;/p&gt;</description></item></channel></rss>',
  '.atom': '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>E</title><link href="https://e.org"/><content>Body</content></entry></feed>',
  '.jsonl': '{"url":"https://e.org/1","title":"T","published":"2025-10-21","text":"Two killed in Gaza City."}\n{"text":"x"}',
  '.md': '---\ntitle: T\npublished: 2025-10-21\n---\n# T\n\nA [link](https://e.org) and **bold** text.',
  '.txt': 'Title\n\nThree people were wounded in Khan Younis yesterday.',
};
const damagedReport = fc.tuple(
  fc.constantFrom(...Object.keys(REPORT_SAMPLES)),
  fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('<', '>', '"', '&amp;', '\u0000', '\n', '{', '}', '\ufffd', '<![CDATA['))), { maxLength: 5 }),
  fc.option(fc.uint8Array({ maxLength: 64 }), { nil: null }),
).map(([ext, edits, bytes]) => {
  let text = REPORT_SAMPLES[ext]!;
  for (const [at, cut, junk] of edits) {
    const i = at % (text.length + 1);
    text = text.slice(0, i) + junk + text.slice(i + cut);
  }
  return { ext, content: bytes ? Buffer.concat([Buffer.from(text), Buffer.from(bytes)]) : Buffer.from(text) };
});

describe('report files under generated damage', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'truce-fuzz-docs-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  test('every file gives documents with clean text or failures with a reason, and drafts from them are valid', () => {
    const lexicon = bundledLexicon();
    let n = 0;
    fc.assert(
      fc.property(damagedReport, ({ ext, content }) => {
        count('report files');
        const file = join(dir, `r${n++ % 50}${ext}`);
        writeFileSync(file, content);
        for (const r of readDocumentFile(file)) {
          if (!r.ok) {
            assert.ok(r.failure.reason.length > 5 && r.failure.origin.length > 0);
            continue;
          }
          assert.ok(r.document.text.length > 0 && !r.document.text.includes('\u0000'), 'stored text is never empty and holds no NUL');
          if (r.document.publishedAt) assert.ok(!Number.isNaN(Date.parse(r.document.publishedAt)));
          const x = extract(r.document.text, lexicon, { published: r.document.publishedAt?.slice(0, 10) ?? null });
          for (const inc of x.incidents) assertValidIncident({ ...draftIncidentOf(inc, { agreementId: null, note: 'fuzz' }), id: 'inc_f', createdBy: 'f', updatedBy: 'f', createdAt: '', updatedAt: '', version: 1 });
          for (const c of draftClaims(x)) assert.equal(r.document.text.slice(c.evidence.start, c.evidence.end), c.evidence.text, 'evidence spans point into the stored text');
        }
      }),
      { numRuns: runs(4000) },
    );
  });
});

// Dataset rows: each import format's row parser gets a plausible row with some fields damaged or replaced. Every
// row becomes a record that holds together, or a rejection naming a column and a reason; never an exception.
const FIELD_JUNK = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', '-1', '1e309', 'NaN', '31/02/2025', '2025-13-01', '19-Oct-25', '19 October 2025', '999999999999', '0x10', ' 7 ', '"', '\u0000', 'null', '91.5', '-181'));
const ACLED_SAMPLE: Record<string, string> = {
  event_id_cnty: 'PSE1234', event_date: '2025-10-19', year: '2025', time_precision: '1', disorder_type: 'Political violence', event_type: 'Explosions/Remote violence',
  sub_event_type: 'Air/drone strike', actor1: 'Military Forces of Israel (2022-)', assoc_actor_1: '', inter1: '1', actor2: 'Civilians (Palestine)', assoc_actor_2: '', inter2: '7',
  interaction: '17', civilian_targeting: 'Civilian targeting', iso: '275', region: 'Middle East', country: 'Palestine', admin1: 'Gaza Strip', admin2: 'Khan Younis', admin3: '',
  location: 'Khan Younis', latitude: '31.3462', longitude: '34.3063', geo_precision: '1', source: 'Example', source_scale: 'National', notes: 'On 19 October 2025, a strike killed 3.',
  fatalities: '3', tags: '', timestamp: '1760000000',
};
const UCDP_SAMPLE: Record<string, string> = {
  id: '123', type_of_violence: '1', side_a: 'Government of Israel', side_b: 'Hamas', date_start: '2025-10-19 00:00:00.000', date_end: '2025-10-19 00:00:00.000', date_prec: '1',
  where_prec: '1', where_coordinates: 'Khan Younis town', latitude: '31.3462', longitude: '34.3063', country: 'Israel', adm_1: 'Gaza', deaths_a: '0', deaths_b: '2', deaths_civilians: '1',
  deaths_unknown: '0', best: '3', low: '3', high: '5', source_article: 'Example', source_headline: 'Strike',
};
const damagedRow = (sample: Record<string, string>, columns: readonly string[]) =>
  fc.array(fc.tuple(fc.nat(), FIELD_JUNK), { maxLength: 6 }).map((edits) => {
    const values = columns.map((c) => sample[c] ?? '');
    for (const [at, junk] of edits) values[at % values.length] = junk;
    return values;
  });
const checkRow = (row: ImportRow) => {
  if (row.kind === 'rejected') {
    assert.ok(row.reason.length > 5, 'a rejection says why');
    return;
  }
  if (row.kind === 'incident') {
    assertValidIncident({ ...row.incident, agreementId: null, grade: null, gradeReason: null, status: 'draft', provisions: [], spatial: [], id: 'inc_f', createdBy: 'f', updatedBy: 'f', createdAt: '', updatedAt: '', version: 1 });
    assert.ok(row.externalId.length > 0);
    return;
  }
  for (const p of row.points) assert.ok(Number.isFinite(p.value) && /^\d{4}-\d{2}-\d{2}$/.test(p.date), JSON.stringify(p));
};

describe('dataset rows under generated damage', () => {
  test('ACLED, UCDP, series CSV and Tech For Palestine rows: a sound record or a rejection with a reason', () => {
    const acledHeader = [...ACLED_COLUMNS];
    const layout = acledLayout(acledHeader, headerIndex(acledHeader));
    assert.ok('ok' in layout);
    const ucdpHeader = [...UCDP_COLUMNS];
    const ucdpIndex = headerIndex(ucdpHeader);
    const seriesIndex = headerIndex([...SERIES_COLUMNS]);
    const tfpRow = fc.record({
      report_date: fc.oneof(fc.constantFrom('2025-10-20', '2025-10-21', '2026-02-30'), fc.string({ maxLength: 12 })),
      report_source: fc.constantFrom('mohtel', 'gmotel', 'other', ''),
      killed: fc.oneof(fc.integer({ min: -5, max: 500 }), fc.string({ maxLength: 5 }), fc.constant(null)),
      killed_cum: fc.oneof(fc.integer({ min: 0, max: 80000 }), fc.double(), fc.constant(null)),
      ext_killed_cum: fc.oneof(fc.integer({ min: 0, max: 80000 }), fc.constant(undefined)),
      injured: fc.oneof(fc.nat(1000), fc.string({ maxLength: 3 })),
    }, { requiredKeys: ['report_date'] });
    fc.assert(
      fc.property(
        fc.oneof(
          damagedRow(ACLED_SAMPLE, acledHeader).map((v) => ['acled', v] as const),
          damagedRow(UCDP_SAMPLE, ucdpHeader).map((v) => ['ucdp', v] as const),
          fc.tuple(FIELD_JUNK, FIELD_JUNK, FIELD_JUNK, FIELD_JUNK).map((v) => ['series', Array.from(v) as string[]] as const),
          fc.array(tfpRow, { minLength: 1, maxLength: 4 }).map((rows) => ['tfp', rows] as const),
        ),
        ([format, values]) => {
          count('dataset rows');
          if (format === 'acled') checkRow(parseAcledRow((layout as { ok: AcledLayout }).ok, values as string[], 2));
          else if (format === 'ucdp') checkRow(parseUcdpRow(ucdpHeader, ucdpIndex, values as string[], 2));
          else if (format === 'series') checkRow(parseSeriesRow(seriesIndex, values as string[], 2));
          else {
            try {
              for (const row of parseTfp('fuzz.json', values).rows) checkRow(row);
            } catch (err) {
              assert.ok(err instanceof UserError, `a whole-file refusal is a clear error: ${(err as Error).message}`);
            }
          }
        },
      ),
      { numRuns: runs(30000) },
    );
  });
});

describe('CLI arguments', () => {
  let location: { url: string; dispose(): Promise<void> };
  before(async () => {
    location = await ENGINES[0]!.freshLocation();
    const store = await openStore({ engine: 'sqlite', target: location.url });
    await migrate(store);
    await loadBundledData({ store, actor: 'system', ...testClock() });
    await store.close();
  });
  after(async () => location?.dispose());

  // Commands that read or refuse; none that serve, read stdin or write files outside the test database.
  const command = fc.constantFrom(['status'], ['verify'], ['agreement', 'list'], ['agreement', 'show'], ['compliance'], ['agreement', 'validate'], ['schema', 'agreement'], ['frobnicate'], []);
  const arg = fc.oneof(
    fc.constantFrom('gaza-2025', 'nope', '--json', '--as-of', '2025-10-20', 'yesterday', '--full', '--table', '--help', '-x', '--as', '', '--', '/etc/passwd', '/proc/self/mem', 'data/agreements/gaza-2025.yaml', '--database'),
    fc.string({ maxLength: 12 }),
  );

  test('every argument list ends in a result or a one-line refusal, never an unexpected error', async () => {
    const { main } = await import('../src/cli/main.ts');
    await fc.assert(
      fc.asyncProperty(command, fc.array(arg, { maxLength: 5 }), async (cmd, args) => {
        count('CLI arguments');
        const err: string[] = [];
        // Output is swallowed while the command runs (help text, JSON); nothing of the test runner's own runs here.
        const saved = { log: console.log, error: console.error, write: process.stderr.write, out: process.stdout.write };
        process.stdout.write = (() => true) as typeof process.stdout.write;
        console.log = () => undefined;
        console.error = () => undefined;
        process.stderr.write = ((chunk: string) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
        let code: number;
        try {
          // --database last, so a generated --database takes the test database as its value at worst.
          code = await main(['node', 'truce', ...cmd, ...args, '--database', location.url]);
        } finally {
          Object.assign(console, { log: saved.log, error: saved.error });
          process.stderr.write = saved.write;
          process.stdout.write = saved.out;
        }
        const text = err.join('');
        assert.doesNotMatch(text, /unexpected error/, `${[...cmd, ...args].join(' ')} → ${text}`);
        assert.ok([0, 1, 2, 3].includes(code), `exit ${code}`);
        if (code !== 0) assert.ok(text.trim().length > 0, `exit ${code} without a message: ${[...cmd, ...args].join(' ')}`);
      }),
      { numRuns: runs(1500) },
    );
  });
});

for (const engine of ENGINES) {
  describe(`HTTP query strings on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    let app: FastifyInstance;
    before(async () => {
      store = await engine.fresh();
      await loadBundledData({ store, actor: 'system', ...testClock() });
      app = await buildApp({ store });
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    const key = fc.constantFrom('agreement', 'from', 'to', 'status', 'eventType', 'actor', 'grade', 'provision', 'bbox', 'q', 'after', 'limit', 'asOf', 'version', 'x');
    const value = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('2025-10-10', '-1', '0', '1e9', 'NaN', 'draft,verified', '34,31,35,32', 'gaza-2025', '%00', '\u0000', "' or 1=1 --", 'AND OR NOT "', '*'),
    );
    const query = fc.array(fc.tuple(key, value), { maxLength: 6 }).map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'));
    const path = fc.constantFrom('/api/incidents', '/api/agreements/gaza-2025', '/api/agreements/gaza-2025/compliance', '/api/sources', '/api/series', '/api/agreements/%2e%2e', '/api/audit/incident/x');

    test('every request is answered 2xx or 4xx with a JSON error, and nothing held changes', async () => {
      const before = await storeStatus(store.db);
      await fc.assert(
        fc.asyncProperty(path, query, async (p, q) => {
          count(`HTTP (${engine.name})`);
          const r = await app.inject(`${p}?${q}`);
          assert.ok(r.statusCode < 500, `${p}?${q} → ${r.statusCode} ${r.body}`);
          if (r.statusCode >= 400) {
            const body = r.json() as { error: { code: string; message: string } };
            assert.ok(body.error.code && body.error.message, r.body);
          }
        }),
        { numRuns: runs(engine.name === 'sqlite' ? 3000 : 1000) },
      );
      assert.deepEqual(await storeStatus(store.db), before);
      const integrity = await checkIntegrity(store);
      assert.equal(integrity.problems.length, 0);
    });
  });
}

after(() => {
  const total = Object.values(tried).reduce((a, b) => a + b, 0);
  console.log(`# fuzz: ${total} generated inputs (${Object.entries(tried).map(([k, v]) => `${k} ${v}`).join(', ')}), 0 crashes`);
});
