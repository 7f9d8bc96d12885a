// The incident list filtered by actor (actor1 or actor2, read as two ordered index walks merged) pages through
// exactly the incidents a reader expects, newest first, each once, on both engines: checked against the whole
// table filtered by hand, with an event type and with date bounds, across pages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from './support/engines.ts';
import { benchContext } from '../bench/generate.ts';
import { createIncident } from '../src/services/records.ts';
import { type IncidentFilter, listIncidents } from '../src/store/repositories/incidents.ts';
import type { Store } from '../src/store/connect.ts';

const ACTORS = ['Hamas', 'Israel', 'Civilians (Palestine)', null] as const;
const KINDS = [['Battles', 'Armed clash'], ['Violence against civilians', 'Attack'], ['Riots', 'Mob violence']] as const;

async function pages(store: Store, f: IncidentFilter): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const page = await listIncidents(store.db, store.engine, { ...f, after, limit: 7 });
    assert.ok(page.incidents.length <= 7);
    ids.push(...page.incidents.map((i) => i.id));
    after = page.next ?? undefined;
  } while (after);
  return ids;
}

for (const engine of ENGINES) {
  describe(`incident list by actor on ${engine.name}`, { skip: engine.skip }, () => {
    test('actor1 or actor2, newest first, each incident once, across pages', async () => {
      const store = await engine.fresh();
      try {
        const ctx = benchContext(store, 3);
        const all: Array<{ id: string; date: string | null; actor1: string | null; actor2: string | null; eventType: string }> = [];
        for (let n = 0; n < 90; n++) {
          const [eventType, subEventType] = KINDS[n % 3]!;
          const actor1 = ACTORS[n % 4]!;
          const actor2 = n % 5 === 0 ? actor1 : ACTORS[(n * 7 + 1) % 4]!; // sometimes the same actor on both sides
          const date = n % 11 === 0 ? null : `2025-1${n % 3}-${String(1 + (n % 5)).padStart(2, '0')}`; // many share a day
          const i = await createIncident(ctx, {
            agreementId: null, date, dateEnd: null, datePrecision: 1, location: null, eventType, subEventType, actor1, actor2,
            killed: {}, injured: {}, grade: null, gradeReason: null, status: 'draft', provisions: [], spatial: [], notes: null,
          });
          all.push({ id: i.id, date, actor1, actor2, eventType });
        }
        const newestFirst = (a: (typeof all)[number], b: (typeof all)[number]) => ((a.date ?? '') !== (b.date ?? '') ? ((a.date ?? '') < (b.date ?? '') ? 1 : -1) : a.id < b.id ? 1 : -1);
        for (const f of [{ actor: 'Hamas' }, { actor: 'Civilians (Palestine)', eventType: 'Battles' }, { actor: 'Israel', from: '2025-11-01', to: '2025-11-30' }, { actor: 'nobody' }] as IncidentFilter[]) {
          const expected = all
            .filter((i) => i.actor1 === f.actor || i.actor2 === f.actor)
            .filter((i) => !f.eventType || i.eventType === f.eventType)
            .filter((i) => (!f.from || (i.date !== null && i.date >= f.from)) && (!f.to || (i.date !== null && i.date <= f.to)))
            .sort(newestFirst)
            .map((i) => i.id);
          assert.deepEqual(await pages(store, f), expected, JSON.stringify(f));
        }
        assert.ok(all.some((i) => i.actor1 === 'Hamas' && i.actor2 === 'Hamas'), 'no incident names the actor on both sides');
      } finally {
        await store.close();
      }
    });
  });
}
