// The benchmark world generator (bench/generate.ts) is reproducible and honest: the same seed gives the same world
// (equal audit head hashes, which cover every record), its bulk mode writes exactly what the record functions
// write, and the integrity check finds every record matching its audit events. Benchmarks themselves are not tests.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from './support/engines.ts';
import { generateWorld, type WorldOptions } from '../bench/generate.ts';
import { checkIntegrity } from '../src/services/integrity.ts';

const SMALL: WorldOptions = { incidents: 150, articles: 60, seed: 5, batch: 70, seriesDays: 20 };

for (const engine of ENGINES) {
  describe(`bench world generator on ${engine.name}`, { skip: engine.skip }, () => {
    test('same seed, same world, whether written through the record functions or in bulk; another seed differs', async () => {
      const heads: string[] = [];
      for (const options of [{ ...SMALL, mode: 'records' as const }, { ...SMALL, mode: 'bulk' as const }, { ...SMALL, mode: 'bulk' as const, seed: 6 }]) {
        const store = await engine.fresh();
        try {
          const world = await generateWorld(store, options);
          assert.equal(world.incidents, 150);
          assert.equal(world.articles, 60);
          assert.equal(world.claims, 60 + world.pledges);
          const held = await store.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
          assert.equal(Number(held.n), 150);
          // Tolls disagree somewhere: some incident's range is wider than one figure.
          const ranged = await store.db.selectFrom('incidents').select('id').whereRef('killedLow', '<', 'killedHigh').limit(1).execute();
          assert.equal(ranged.length, 1);
          const integrity = await checkIntegrity(store);
          assert.equal(integrity.chain.ok, true);
          assert.deepEqual(integrity.problems, []);
          heads.push(world.auditHead);
        } finally {
          await store.close();
        }
      }
      assert.equal(heads[0], heads[1], 'bulk mode wrote a different world from the record functions');
      assert.notEqual(heads[1], heads[2], 'a different seed gave the same world');
    });
  });
}
