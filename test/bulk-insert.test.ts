// The multi-row writer the import batches go through (store/bulk.ts): many more rows than fit in one statement land
// exactly as given, in any number of statements, on both engines; values SQL treats specially (quotes, question
// marks, dollar signs, NULL, long text) survive; rows of another shape are still written (by Kysely itself).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { contentHash, type SourceDocument } from '../src/domain/source.ts';
import { insertRows } from '../src/store/bulk.ts';
import type { Store } from '../src/store/connect.ts';
import { getSourceDocuments, insertSourceDocuments } from '../src/store/repositories/source-documents.ts';
import { ENGINES } from './support/engines.ts';

const AT = '2025-11-01T00:00:00.000Z';

function documents(n: number, prefix: string): SourceDocument[] {
  return Array.from({ length: n }, (_, i) => {
    const text = `Row ${i} of ${prefix}: it's "quoted", asks ? and $1, costs $${i}; ${i % 7 === 0 ? 'x'.repeat(5000) : 'short'}.`;
    return { id: `${prefix}_${String(i).padStart(5, '0')}`, kind: 'dataset-row', url: i % 3 === 0 ? null : `https://example.test/${prefix}/${i}`, title: i % 5 === 0 ? null : `Title ${i}`, publisher: 'Test Wire', publishedAt: i % 2 ? '2025-10-20' : null, retrievedAt: AT, language: 'en', text, contentHash: contentHash(text), sensitivity: 'public', reliability: i % 4 === 0 ? 'B' : null, version: 1 };
  });
}

for (const engine of ENGINES) {
  describe(`multi-row inserts on ${engine.name}`, { skip: engine.skip }, () => {
    let store: Store;
    before(async () => {
      store = await engine.fresh();
    });
    after(async () => store?.close());

    test('2,500 rows in many statements (and a short last one) read back exactly as written', async () => {
      const docs = documents(2_500, 'many');
      await store.db.transaction().execute((tx) => insertSourceDocuments(tx, docs, AT));
      const held = await getSourceDocuments(store.db, docs.map((d) => d.id));
      assert.equal(held.size, docs.length);
      for (const d of docs) assert.deepEqual(held.get(d.id), d);
    });

    test('rows of differing shape (a field left out) are still all written', async () => {
      const [a, b] = documents(2, 'shape').map((d) => ({ id: d.id, kind: d.kind, url: d.url, title: d.title, publisher: d.publisher, publishedAt: d.publishedAt, retrievedAt: d.retrievedAt, language: d.language, text: d.text, contentHash: d.contentHash, sensitivity: d.sensitivity, reliability: d.reliability, version: 1, createdAt: AT, updatedAt: AT }));
      const { language: _language, ...withoutLanguage } = b!;
      await insertRows(store.db, 'sourceDocuments', [a!, withoutLanguage]);
      const held = await getSourceDocuments(store.db, [a!.id, b!.id]);
      assert.equal(held.get(a!.id)?.language, 'en');
      assert.ok(held.has(b!.id));
      assert.equal(held.get(b!.id)?.text, b!.text);
    });
  });
}
