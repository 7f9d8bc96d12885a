// PostgreSQL only: a read replica (or any read-only connection) serves everything that only reads — status,
// compliance, tallies, exports — without trying to write (not even the migration check), and a change sent there
// is refused with a message that says where changes go, leaving the record as it was.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from './support/engines.ts';
import { migrate, openStore, type Store } from '../src/store/connect.ts';
import { systemContext } from '../src/services/context.ts';
import { loadBundledData } from '../src/services/bundled.ts';
import { ingestFirstRunExample } from '../src/services/ingest.ts';
import { storeStatus } from '../src/services/status.ts';
import { complianceOf, keptComplianceOf } from '../src/services/compliance.ts';
import { overviewOf } from '../src/services/overview.ts';
import { talliesOf } from '../src/services/tallies.ts';
import { exportIncidents } from '../src/services/export.ts';
import * as records from '../src/services/records.ts';
import { contentHash } from '../src/domain/source.ts';
import { UserError } from '../src/domain/errors.ts';

const pgEngine = ENGINES.find((e) => e.name === 'postgres')!;

describe('a read-only PostgreSQL connection (a replica)', { skip: pgEngine.skip }, () => {
  let primary: Store;
  let replica: Store;
  let dispose: () => Promise<void>;
  before(async () => {
    const where = await pgEngine.freshLocation();
    dispose = where.dispose;
    primary = await openStore({ engine: 'postgres', target: where.url });
    await migrate(primary);
    const ctx = systemContext(primary, 'amina');
    await loadBundledData(ctx);
    await ingestFirstRunExample(ctx);
    const url = new URL(where.url);
    url.searchParams.set('options', '-c default_transaction_read_only=on');
    replica = await openStore({ engine: 'postgres', target: url.toString() });
  });
  after(async () => {
    await replica?.close();
    await primary?.close();
    await dispose?.();
  });

  test('reads work there; a change is refused with where to make it, and nothing changes', async () => {
    assert.deepEqual(await migrate(replica), [], 'an up-to-date database is not written to by the migration check');
    const before = await storeStatus(replica.db);
    const held = Object.values(before.incidents).reduce((a, b) => a + b, 0);
    assert.ok(held > 0, 'the first-run example is there to read');
    const compliance = await complianceOf(replica, 'gaza-2025', '2025-11-30');
    assert.ok(compliance.report.provisions.length > 0);
    // The dashboard and the API's compliance are kept reports: a replica computes them and answers, keeping nothing.
    const overview = await overviewOf(replica, 'gaza-2025', '2025-11-30', 'internal');
    assert.equal(overview.freshness.current, true);
    assert.equal(overview.agreement.id, 'gaza-2025');
    const kept = await keptComplianceOf(replica, 'gaza-2025', '2025-11-30');
    assert.deepEqual(kept.report.provisions, JSON.parse(JSON.stringify(compliance.report.provisions)));
    await talliesOf(replica, 'gaza-2025', '2025-11-30');
    const lines: string[] = [];
    const exported = await exportIncidents(replica, 'jsonl', {}, (chunk) => void lines.push(chunk));
    assert.equal(exported.incidents, held);

    const text = 'A drone strike near Beit Lahia on 4 November 2025 wounded three people, a paramedic said.';
    await assert.rejects(
      records.addSourceDocument(systemContext(replica, 'amina'), { kind: 'news-article', url: null, title: null, publisher: null, publishedAt: null, retrievedAt: '2025-11-05T00:00:00Z', language: 'en', text, contentHash: contentHash(text), sensitivity: 'public', reliability: null }),
      (e: unknown) => e instanceof UserError && /read-only/.test(e.message) && /primary/.test(e.message),
    );
    assert.deepEqual(await storeStatus(primary.db), before, 'the refused change left nothing behind');
  });
});
