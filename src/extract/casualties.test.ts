import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCasualties } from './casualties.ts';

const figures = (text: string) =>
  findCasualties({ start: 0, end: text.length, text }).map((f) => `${f.kind}:${f.value}:${f.shape}:${f.victims ?? '-'}`);

test('casualties: passive, active and nominal shapes with the victims as written', () => {
  assert.deepEqual(figures('Three fishermen were killed off the coast.'), ['killed:3:passive:fishermen']);
  assert.deepEqual(figures('A tank shell killed four Palestinian farmers.'), ['killed:4:active:Palestinian farmers']);
  assert.deepEqual(figures('The raid resulted in the deaths of two Israeli reservists.'), ['killed:2:nominal:Israeli reservists']);
});

test('casualties: killed and wounded in one phrase, with and without nouns', () => {
  assert.deepEqual(figures('The blast killed 12 and wounded 30 others.'), ['killed:12:active:-', 'injured:30:active:others']);
  assert.deepEqual(figures('Nine people were killed and 14 others wounded.'), ['killed:9:passive:people', 'injured:14:passive:others']);
});

test('casualties: "a/another + person" counts one', () => {
  assert.deepEqual(figures('Another teenager was killed near the fence.'), ['killed:1:article:teenager']);
  assert.deepEqual(figures('A drone killed a Hamas commander.'), ['killed:1:article:Hamas commander']);
});

test('casualties: running totals are recognised as such', () => {
  assert.deepEqual(figures('The toll since the truce has climbed to 310.'), ['killed:310:total:-']);
});

test('casualties: ages, dates, trucks and years are not counts of people ("a 12-year-old boy" is one)', () => {
  assert.deepEqual(figures('A 12-year-old boy was hurt on 3 November when 40 trucks arrived in 2025.'), ['injured:1:article:12-year-old boy']);
});

test('casualties: "of one family" and adverbs between the noun and the verb', () => {
  assert.deepEqual(figures('Five members of one family were killed in the strike.'), ['killed:5:passive:members']);
  assert.deepEqual(figures('Two others were seriously wounded.'), ['injured:2:passive:others']);
});

test('casualties: more verbs and a determiner before the count ("eliminated the three", "wounded his two sons")', () => {
  assert.deepEqual(figures('Soldiers eliminated the three gunmen.'), ['killed:3:active:gunmen']);
  assert.deepEqual(figures('The shell killed a farmer and wounded his two sons.'), ['killed:1:article:farmer', 'injured:2:active:sons']);
  assert.deepEqual(figures('A missile hit the car, martyring two citizens.'), ['killed:2:active:citizens']);
});

test('casualties: "N of them … died", a pronoun or possessive singular counts one', () => {
  assert.deepEqual(figures('Three of them, all teenagers, died in hospital.'), ['killed:3:passive:-']);
  assert.deepEqual(figures('The patrol returned fire and killed him.'), ['killed:1:article:him']);
  assert.deepEqual(figures('A girl was killed and her mother injured.'), ['killed:1:article:girl', 'injured:1:article:mother']);
});

test('casualties: a labelled list count is a total; the first day of a date range is not a count', () => {
  assert.deepEqual(figures('- Wounded: 1,204'), ['injured:1204:total:-']);
  assert.deepEqual(figures('• Civilians killed: 48 (health ministry)'), ['killed:48:total:-']);
  assert.deepEqual(figures('The death toll for the week of 2 to 8 March rose to 11.'), ['killed:11:total:-']);
});

test('casualties: "the martyrdom of N" and "the injury of N"; victims joined by "and" under one verb are one toll', () => {
  assert.deepEqual(figures('The raid led to the martyrdom of two young men and the injury of five others.'), ['killed:2:nominal:young men', 'injured:5:nominal:others']);
  assert.deepEqual(figures('The shell killed a father and his two daughters.').map((f) => f.split(':').slice(0, 2).join(':')), ['killed:3']);
  assert.deepEqual(figures('The strike killed two women and four children.').map((f) => f.split(':').slice(0, 2).join(':')), ['killed:6']);
});

test('casualties: "a family of seven" and "a 16-year-old" as the victims', () => {
  assert.deepEqual(figures('The strike killed a family of seven.'), ['killed:7:active:-']);
  assert.deepEqual(figures('A 16-year-old was killed by tank fire.'), ['killed:1:article:16-year-old']);
});

test('casualties: "between 12 and 15" is one figure, the lower bound with the range as its estimate', () => {
  assert.deepEqual(figures('Drones hit the base, killing between 12 and 15 soldiers.'), ['killed:12:active:soldiers']);
  assert.deepEqual(figures('Between twelve and fifteen people were killed.'), ['killed:12:passive:people']);
  const [f] = findCasualties({ start: 0, end: 40, text: 'Shelling killed between 12 and 15 people.' });
  assert.deepEqual(f?.estimate, { low: 12, best: 12, high: 15 });
  // Two counts joined by "and" without "between" stay two figures.
  assert.deepEqual(figures('The blast killed 12 and wounded 30 others.'), ['killed:12:active:-', 'injured:30:active:others']);
});

test('casualties: a total with its count noun after the number ("the total stands at 352 martyrs")', () => {
  assert.deepEqual(figures('Since the ceasefire, the total stands at 352 martyrs and 1,041 wounded.'), ['killed:352:total:-', 'injured:1041:passive:-']);
  assert.deepEqual(figures('The toll rose to 40 deaths.'), ['killed:40:total:-']);
});

test('casualties: the wounded a clinic treats are injured; patients treated for an illness are not', () => {
  assert.deepEqual(figures('Clinics treated 1,206 people for gunshot and shrapnel wounds.'), ['injured:1206:active:people']);
  assert.deepEqual(figures('Clinics treated 300 people for cholera this week.'), []);
});

test('casualties: a daily report\'s "no new martyrs" over a period is 0; "no one was killed" is no figure', () => {
  assert.deepEqual(figures('Over the past 24 hours, no new martyrs arrived, and 6 injured persons were received.'), ['killed:0:total:-', 'injured:6:passive:-']);
  assert.deepEqual(figures('No one was killed in the strike, medics said.'), []);
  assert.deepEqual(figures('There were no deaths at the crossing.'), []);
});

test('casualties: "two to three people" is one figure (the lower bound), "from five to seven" is not a range', () => {
  assert.deepEqual(figures('A shell killed two to three people at the well.'), ['killed:2:active:people']);
  const [f] = findCasualties({ start: 0, end: 40, text: 'A shell killed two to three people at the well.' });
  assert.deepEqual(f!.estimate, { low: 2, best: 2, high: 3 });
});

test('casualties: a relative joined by "and" is one more victim, or an injured figure of their own', () => {
  assert.deepEqual(figures('The drone killed a farmer and his son near the grove.'), ['killed:2:active:farmer and his son']);
  assert.deepEqual(figures('A man was killed and his wife wounded in the raid.'), ['killed:1:article:man', 'injured:1:article:wife']);
});

test('casualties: two victim nouns joined by "and"; a serviceman named in apposition; homes are not people', () => {
  assert.deepEqual(figures('Nine soldiers and civilians have been hurt by mines since May.'), ['injured:9:passive:soldiers and civilians']);
  assert.deepEqual(figures('A serviceman of the Border Guard, Private Ali Karimov, was martyred.').map((f) => f.split(':').slice(0, 3).join(':')), ['killed:1:article']);
  assert.deepEqual(figures('The storm killed one woman and forced the evacuation of 200 homes.'), ['killed:1:active:woman']);
});

test('casualties: "and a third was wounded" counts one more', () => {
  assert.deepEqual(figures('Two guards were killed and a third was wounded.'), ['killed:2:passive:guards', 'injured:1:article:a third']);
});

test('casualties: translated and feature wording ("perished", "received wounds", "brought … with gunshot wounds")', () => {
  assert.deepEqual(figures('As a result, three workers of the plant perished, two more received wounds of varying severity.'), ['killed:3:passive:workers', 'injured:2:passive:-']);
  assert.deepEqual(figures('Eleven others were brought to the clinic with shrapnel wounds.'), ['injured:11:passive:others']);
  assert.deepEqual(figures('The army said its units had "neutralised" 12 terrorists.'), ['killed:12:active:terrorists']);
  assert.deepEqual(figures('In the exchange, troops killed four of the gunmen.'), ['killed:4:active:-']);
});

test('casualties: "and another was moderately wounded" is one; "a woman and her two grandchildren" are three', () => {
  assert.deepEqual(figures('A policeman was killed and another was moderately wounded.'), ['killed:1:article:policeman', 'injured:1:article:another']);
  assert.deepEqual(figures('A woman and her three grandchildren lost their lives.').map((f) => f.split(':').slice(0, 2).join(':')), ['killed:4']);
  assert.deepEqual(figures('Shelling killed a monk and wounded two novices.'), ['killed:1:article:monk', 'injured:2:active:novices']);
});
