// The incident list filtered by a provision pages through exactly the incidents linked to it, newest first, each
// once, on both engines: a provision thousands of incidents are linked to (SQLite walks the list order probing each
// incident's links), a rare one (its links read from migration 0012's index and sorted), with an agreement, with
// none, and with date bounds — checked against the incidents filtered by hand.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from './support/engines.ts';
import { benchContext } from '../bench/generate.ts';
import { createIncidentsIn } from '../src/services/records.ts';
import { write } from '../src/services/write.ts';
import { type IncidentFilter, listIncidents } from '../src/store/repositories/incidents.ts';

const COMMON = 'truce-a/p1.cease-fire';
const RARE = 'truce-a/p2.withdraw';

for (const engine of ENGINES) {
  describe(`incident list by provision on ${engine.name}`, { skip: engine.skip }, () => {
    test('a provision thousands of incidents are linked to and a rare one page alike: newest first, each once, as filtered by hand', async () => {
      const store = await engine.fresh();
      try {
        const ctx = benchContext(store, 7);
        // 2,400 incidents linked to COMMON (enough for SQLite to walk the list rather than sort them), every 50th of
        // them to RARE as well; 300 linked to neither. A third are filed under no agreement.
        const items = Array.from({ length: 2700 }, (_, n) => {
          const linked = n < 2400;
          const date = n % 13 === 0 ? null : `2025-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
          const provisions = linked ? [{ agreementId: 'truce-a', provisionId: COMMON, partyId: null }, ...(n % 50 === 0 ? [{ agreementId: 'truce-a', provisionId: RARE, partyId: 'side-b' }] : [])] : [];
          return { incident: { agreementId: n % 3 === 0 ? null : 'truce-a', date, dateEnd: null, datePrecision: 1 as const, location: null, eventType: 'Battles' as const, subEventType: 'Armed clash', actor1: null, actor2: null, killed: {}, injured: {}, grade: null, gradeReason: null, status: 'draft' as const, provisions, spatial: [], notes: null } };
        });
        const made = await write(ctx, (w) => createIncidentsIn(w, items));
        const all = made.map((i) => ({ id: i.id, date: i.date, agreementId: i.agreementId, provisions: i.provisions.map((p) => p.provisionId) }));
        const newestFirst = (a: (typeof all)[number], b: (typeof all)[number]) => ((a.date ?? '') !== (b.date ?? '') ? ((a.date ?? '') < (b.date ?? '') ? 1 : -1) : a.id < b.id ? 1 : -1);
        const byHand = (f: IncidentFilter) =>
          all
            .filter((i) => i.provisions.includes(f.provisionId!))
            .filter((i) => f.agreementId === undefined || i.agreementId === f.agreementId)
            .filter((i) => (!f.from || (i.date !== null && i.date >= f.from)) && (!f.to || (i.date !== null && i.date <= f.to)))
            .sort(newestFirst)
            .map((i) => i.id);
        const pages = async (f: IncidentFilter) => {
          const ids: string[] = [];
          let after: string | undefined;
          do {
            const page = await listIncidents(store.db, store.engine, { ...f, after, limit: 300 });
            // Each incident comes with its links, whichever way the page was found.
            for (const i of page.incidents) assert.ok(i.provisions.some((p) => p.provisionId === f.provisionId), `${i.id} is not linked to ${f.provisionId}`);
            ids.push(...page.incidents.map((i) => i.id));
            after = page.next ?? undefined;
          } while (after);
          return ids;
        };
        for (const f of [
          { provisionId: COMMON },
          { provisionId: RARE },
          { provisionId: COMMON, agreementId: 'truce-a' },
          { provisionId: COMMON, agreementId: null },
          { provisionId: COMMON, from: '2025-03-01', to: '2025-05-31' },
          { provisionId: RARE, agreementId: 'truce-a', to: '2025-06-30' },
          { provisionId: 'truce-a/p9.none' },
        ] as IncidentFilter[]) {
          assert.deepEqual(await pages(f), byHand(f), JSON.stringify(f));
        }
        assert.equal((await pages({ provisionId: COMMON })).length, 2400);
        assert.equal((await pages({ provisionId: RARE })).length, 48);
      } finally {
        await store.close();
      }
    });
  });
}
