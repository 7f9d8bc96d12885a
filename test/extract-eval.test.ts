// The extractor against the dev gold (../shared/eval/dev, read at run time, never copied here). Thresholds are
// the targets; the full table comes from `npm run eval`. Skips with a message when ../shared is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundledLexicon } from '../src/extract/bundled.ts';
import { extract } from '../src/extract/index.ts';

const dev = fileURLToPath(new URL('../../shared/eval/dev/', import.meta.url));
const present = existsSync(`${dev}articles.jsonl`);
const skip = present ? false : `../shared/eval/dev not found (${dev}); the dev-set check needs the shared eval folder`;
const read = (f: string) => readFileSync(`${dev}${f}`, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const f1 = (tp: number, fp: number, fn: number) => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));

test('dev set: incident killed F1, tallies F1 and pledges F1 reach the targets', { skip }, () => {
  const lexicon = bundledLexicon();
  const c = { inc: [0, 0, 0], tal: [0, 0, 0], plg: [0, 0, 0] };
  for (const row of read('articles.jsonl')) {
    const out = extract(row.text, lexicon, { published: row.published });
    const match = <G, P>(gold: G[], pred: P[], same: (g: G, p: P) => boolean, acc: number[]) => {
      const used = new Set<number>();
      for (const g of gold) {
        const j = pred.findIndex((p, k) => !used.has(k) && same(g, p));
        if (j >= 0) { used.add(j); acc[0]!++; } else acc[2]!++;
      }
      acc[1]! += pred.length - used.size;
    };
    match(row.incidents.filter((g: { killed: number | null }) => g.killed != null), out.incidents.filter((i) => i.killed), (g: { killed: number }, p) => p.killed!.best === g.killed, c.inc);
    match(row.tallies, out.tallies, (g: { metric: string; value: number }, p) => p.metric === g.metric && p.value === g.value, c.tal);
    const lenient = (s: string) => (s === 'committed' || s === 'deployed' ? 'pledged' : s);
    match(row.pledges, out.pledges, (g: { country: string; status: string }, p) => p.country === g.country && lenient(p.status) === lenient(g.status), c.plg);
  }
  assert.ok(f1(...(c.inc as [number, number, number])) >= 0.9, `incident killed F1 ${JSON.stringify(c.inc)}`);
  assert.ok(f1(...(c.tal as [number, number, number])) >= 0.9, `tally F1 ${JSON.stringify(c.tal)}`);
  assert.ok(f1(...(c.plg as [number, number, number])) >= 0.9, `pledge F1 ${JSON.stringify(c.plg)}`);
});

test('dev set: every MoH bulletin figure the text states is among the tallies, exactly', { skip }, () => {
  const lexicon = bundledLexicon();
  for (const row of read('moh-bulletins.jsonl')) {
    const values = new Set(extract(row.text, lexicon, { published: row.date }).tallies.map((t) => t.value));
    for (const field of ['killed', 'injured', 'killed_cum', 'injured_cum', 'truce_killed', 'truce_injured']) {
      const v = row.text_figures[field];
      if (typeof v === 'number') assert.ok(values.has(v), `${row.id} ${field} ${v}`);
    }
  }
});

test('seed article: the shelling incident, the running total and three pledges', { skip: existsSync(fileURLToPath(new URL('../../shared/seed/article.txt', import.meta.url))) ? false : '../shared/seed/article.txt not found' }, () => {
  const text = readFileSync(fileURLToPath(new URL('../../shared/seed/article.txt', import.meta.url)), 'utf8');
  const out = extract(text, bundledLexicon(), { published: '2025-12-20' });
  assert.deepEqual(out.incidents.map((i) => [i.killed?.best, i.perpetrator]), [[5, 'Israel']]);
  assert.ok(out.tallies.some((t) => t.metric === 'killed' && t.value === 400 && t.since === '2025-10-10'));
  assert.deepEqual(out.pledges.map((p) => [p.country, p.status]).sort(), [['Indonesia', 'pledged'], ['Pakistan', 'considering'], ['Turkey', 'objected']]);
});
