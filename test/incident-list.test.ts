// The incident list filtered by actor (actor1 or actor2, read as two ordered index walks merged) pages through
// exactly the incidents a reader expects, newest first, each once, on both engines: checked against the whole
// table filtered by hand, with an event type and with date bounds, across pages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from './support/engines.ts';
import { benchContext } from '../bench/generate.ts';
import { createIncident, createIncidentsIn } from '../src/services/records.ts';
import { write } from '../src/services/write.ts';
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
        for (const f of [{ actor: 'Hamas' }, { actor: 'Civilians (Palestine)', eventType: 'Battles' }, { actor: 'Israel', from: '2025-11-01', to: '2025-11-30' }, { actor: 'nobody' }, { actor: 'Hamas', eventType: 'Riots', to: '2025-11-30' }, { actor: 'Israel', eventType: 'Strategic developments' }] as IncidentFilter[]) {
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

for (const engine of ENGINES) {
  describe(`incident list by words on ${engine.name}`, { skip: engine.skip }, () => {
    test('a word thousands of incidents share and a rare one page alike: newest first, each once, as filtered by hand', async () => {
      const store = await engine.fresh();
      try {
        const ctx = benchContext(store, 5);
        // 2,400 incidents name "Qalqilya" (enough for SQLite to walk the list order rather than sort the matches),
        // 40 of them also "orchard"; 300 others name neither.
        const items = Array.from({ length: 2700 }, (_, n) => {
          const shared = n < 2400;
          const date = n % 13 === 0 ? null : `2025-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
          const notes = shared ? `Shelling reported near Qalqilya${n % 60 === 0 ? ' orchard' : ''}.` : 'A clash on the coastal road.';
          return { incident: { agreementId: null, date, dateEnd: null, datePrecision: 1 as const, location: null, eventType: 'Battles' as const, subEventType: 'Armed clash', actor1: null, actor2: null, killed: {}, injured: {}, grade: null, gradeReason: null, status: 'draft' as const, provisions: [], spatial: [], notes } };
        });
        const made = await write(ctx, (w) => createIncidentsIn(w, items));
        const all = made.map((i, n) => ({ id: i.id, date: i.date, notes: items[n]!.incident.notes }));
        const newestFirst = (a: (typeof all)[number], b: (typeof all)[number]) => ((a.date ?? '') !== (b.date ?? '') ? ((a.date ?? '') < (b.date ?? '') ? 1 : -1) : a.id < b.id ? 1 : -1);
        const byHand = (word: string, f: { from?: string; to?: string } = {}) =>
          all
            .filter((i) => i.notes.toLowerCase().includes(word))
            .filter((i) => (!f.from || (i.date !== null && i.date >= f.from)) && (!f.to || (i.date !== null && i.date <= f.to)))
            .sort(newestFirst)
            .map((i) => i.id);
        const walk = async (f: IncidentFilter) => {
          const ids: string[] = [];
          let after: string | undefined;
          do {
            const page = await listIncidents(store.db, store.engine, { ...f, after, limit: 500 });
            ids.push(...page.incidents.map((i) => i.id));
            after = page.next ?? undefined;
          } while (after);
          return ids;
        };
        assert.deepEqual(await walk({ text: 'Qalqilya' }), byHand('qalqilya'));
        assert.deepEqual(await walk({ text: 'orchard' }), byHand('orchard'));
        assert.deepEqual(await walk({ text: 'Qalqilya', from: '2025-03-01', to: '2025-05-31' }), byHand('qalqilya', { from: '2025-03-01', to: '2025-05-31' }));
        assert.equal((await walk({ text: 'Qalqilya' })).length, 2400);
      } finally {
        await store.close();
      }
    });
  });
}
