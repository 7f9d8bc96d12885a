import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundledLexicon } from './bundled.ts';
import { extract } from './index.ts';

const lexicon = bundledLexicon();
const pledges = (text: string) =>
  extract(text, lexicon, { published: '2026-01-10' }).pledges.map((p) => [p.country, p.status, p.troopsMin, p.troopsMax, p.by]);

test('pledges: statuses from the wording, troop numbers from "up to", "between", plain figures', () => {
  const text =
    'Talks on the international stabilization force continued. Bangladesh has offered up to 5,000 troops, ' +
    'while Azerbaijan is weighing a role. Italy has committed to sending between 800 and 1,200 carabinieri to the force. ' +
    'Nepal said it could contribute 600 soldiers.';
  assert.deepEqual(pledges(text), [
    ['Bangladesh', 'pledged', null, 5000, null],
    ['Azerbaijan', 'considering', null, null, null],
    ['Italy', 'committed', 800, 1200, null],
    ['Nepal', 'pledged', 600, 600, null],
  ]);
});

test('pledges: objections name the country objected to and who objects', () => {
  const text = 'The stabilisation force is taking shape, though Israel rejects Turkish participation. Qatar’s role faces Israeli opposition too.';
  assert.deepEqual(pledges(text), [
    ['Turkey', 'objected', null, null, 'Israel'],
    ['Qatar', 'objected', null, null, 'Israel'],
  ]);
});

test('pledges: training police outside the force, recognition and speakers are not pledges', () => {
  const text =
    'For the ISF, Malaysia is ready to send troops despite not recognizing Israel, and Jordan offered to train Palestinian police. ' +
    'US Army General Ann Roe said the contributions were welcome.';
  assert.deepEqual(pledges(text), [['Malaysia', 'pledged', null, null, null]]);
});

test('pledges: a refusal stands only without a positive status', () => {
  assert.deepEqual(pledges('Asked about the stabilization force, Ireland ruled out sending troops.'), [['Ireland', 'declined', null, null, null]]);
});

test('pledges: texts about other missions (e.g. UNIFIL) yield none', () => {
  assert.deepEqual(pledges('Under the deal only UN peacekeepers and the Lebanese army should be deployed in the south.'), []);
});

test('pledges: countries named in talks are considering; "declined to comment" is no refusal; vetoes are objections', () => {
  const text =
    'Chad, Niger and Peru are in early talks to provide troops for the stabilization force. ' +
    'The embassies of Chad and Niger declined to comment. Israel vetoed the inclusion of Turkish soldiers, and ' +
    'Washington has been speaking to Egypt and Qatar about the force.';
  const got = pledges(text).map(([c, s, , , by]) => [c, s, by]);
  assert.deepEqual(got, [
    ['Chad', 'considering', null],
    ['Niger', 'considering', null],
    ['Peru', 'considering', null],
    ['Turkey', 'objected', 'Israel'],
    ['Egypt', 'considering', null],
    ['Qatar', 'considering', null],
  ]);
});

test('pledges: "an initial N1 … a full force of N2" gives min N1 and max N2; "prepared N troops" is a pledge', () => {
  assert.deepEqual(pledges('For the stabilization force, Gabon pledged an initial 300 troops, rising to a full force of 900 soldiers.'), [['Gabon', 'pledged', 300, 900, null]]);
  assert.deepEqual(pledges('For the stabilization force, Benin has prepared 450 troops.'), [['Benin', 'pledged', 450, 450, null]]);
});

test('pledges: a range read from its first number, a unit by its strength, "cannot take part", objections to a list', () => {
  const text =
    'Talks on the international stabilization force went on. Kenya will send between 300 and 450 police officers. ' +
    'Ghana is ready to send a battalion of about 700. Ireland said it cannot take part in the force. ' +
    'Israel will not accept Iranian or Syrian troops in the force.';
  assert.deepEqual(pledges(text), [
    ['Kenya', 'committed', 300, 450, null],
    ['Ghana', 'pledged', 700, 700, null],
    ['Ireland', 'declined', null, null, null],
    ['Iran', 'objected', null, null, 'Israel'],
    ['Syria', 'objected', null, null, 'Israel'],
  ]);
});

test('pledges: "its veto on any Turkish participation" is an objection', () => {
  const text = 'Ghana offered troops to the stabilisation force, while Israel repeated its veto on any Iranian participation.';
  assert.deepEqual(pledges(text).map(([c, s]) => [c, s]), [['Ghana', 'pledged'], ['Iran', 'objected']]);
});

test('pledges: troops on the ground are the number told with "deployed", not a later rotation', () => {
  const text = 'Kenya said 1,000 more police would join the stabilisation force in May, adding to the 400 officers already deployed.';
  assert.deepEqual(pledges(text).map(([c, s, min, max]) => [c, s, min, max]), [['Kenya', 'deployed', 400, 400]]);
});
