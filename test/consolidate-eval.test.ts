// Consolidation over the extractor's output for the dev articles (../shared/eval/dev, read at run time, never
// copied here): the articles its README says report the same event end up in one cluster, and others do not
// join them. Skips with a message when ../shared is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundledLexicon } from '../src/extract/bundled.ts';
import { extract } from '../src/extract/index.ts';
import { clusterReports, fromExtracted, type ConsolidationReport } from '../src/consolidate/index.ts';

const dev = fileURLToPath(new URL('../../shared/eval/dev/', import.meta.url));
const present = existsSync(`${dev}articles.jsonl`);
const skip = present ? false : `../shared/eval/dev not found (${dev}); the dev-set consolidation check needs the shared eval folder`;

test('dev articles: the reports of one event are grouped (a01 and a05: five killed in Shujaiya), others kept apart', { skip }, () => {
  const articles = readFileSync(`${dev}articles.jsonl`, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { id: string; text: string; published: string | null });
  const reports: ConsolidationReport[] = [];
  for (const a of articles) {
    extract(a.text, bundledLexicon(), { published: a.published }).incidents.forEach((x, k) => reports.push(fromExtracted(`${a.id}#${k}`, x, a.id, { published: a.published })));
  }
  const clusters = clusterReports(reports);
  const clusterOf = (pred: (r: ConsolidationReport) => boolean) => {
    const r = reports.find(pred);
    assert.ok(r, 'the extractor found the incident');
    return clusters.find((c) => c.reportIds.includes(r.id))!;
  };
  const shujaiya = clusterOf((r) => r.id.startsWith('a01#') && r.placeName === 'Shujaiya');
  assert.ok(shujaiya.reportIds.some((id) => id.startsWith('a05#') && reports.find((r) => r.id === id)!.placeName === 'Shujaiya'), `a01 and a05 grouped: ${shujaiya.reportIds.join(', ')}`);
  for (const id of shujaiya.reportIds) assert.equal(reports.find((r) => r.id === id)!.placeName, 'Shujaiya', 'nothing from elsewhere joins the Shujaiya incident');
  // No cluster mixes known perpetrators, and incidents of one article are never merged with each other.
  for (const c of clusters) {
    const rs = c.reportIds.map((id) => reports.find((r) => r.id === id)!);
    assert.ok(new Set(rs.map((r) => r.perpetrator).filter((p) => p !== null)).size <= 1, c.reportIds.join(', '));
    assert.equal(new Set(rs.map((r) => r.sourceId)).size, rs.length, c.reportIds.join(', '));
  }
});
