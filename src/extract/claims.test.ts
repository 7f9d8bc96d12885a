import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundledLexicon } from './bundled.ts';
import { extract } from './index.ts';

const lexicon = bundledLexicon();
const run = (text: string) => extract(text, lexicon, { published: '2025-12-01' });

test('claims: accusations name accuser, accused and what is alleged', () => {
  const { claims } = run('Hamas accused Israel of violating the truce by bombing homes in Khan Younis.');
  assert.deepEqual(claims.map((c) => [c.kind, c.byParty, c.againstParty, c.about]), [['accusation', 'Hamas', 'Israel', 'ceasefire violation']]);
});

test('claims: "X reports that Y violated the truce" is an accusation; denials are kept as denials', () => {
  const { claims } = run('Israel says Hamas violated the ceasefire. Hamas denied looting aid trucks, calling the report baseless.');
  assert.deepEqual(claims.map((c) => [c.kind, c.byParty, c.againstParty]), [['accusation', 'Israel', 'Hamas'], ['denial', 'Hamas', null]]);
  assert.match(claims[1]!.about, /looting aid trucks/);
});

test('positions: speaker, the side they speak for, issue and stance', () => {
  const { positions } = run(
    'Marco Rubio said disarmament of Hamas is essential. Khalil al-Hayya insisted the group has a legitimate right to keep its weapons.',
  );
  assert.deepEqual(positions.map((p) => [p.speaker, p.affiliation, p.issue, p.stance]), [
    ['Marco Rubio', 'United States', 'disarmament', 'supports'],
    ['Khalil al-Hayya', 'Hamas', 'disarmament', 'opposes'],
  ]);
});
