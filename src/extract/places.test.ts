import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundledLexicon } from './bundled.ts';
import { Gazetteer } from './places.ts';

const { gazetteer } = bundledLexicon();
const names = (text: string, country: string | null = null) =>
  gazetteer.find({ start: 0, end: text.length, text }, [], [], country).map((p) => p.name);

test('places: news spellings resolve to one canonical place with coordinates', () => {
  for (const [spelling, name] of [
    ['Shejaiya', 'Shujaiya'], ['Shuja’iyya', 'Shujaiya'], ['Khan Yunis', 'Khan Younis'], ['Nusirat', 'Nuseirat'],
    ['Jabaliya', 'Jabalia'], ['Tel al-Sultan', 'Tal al-Sultan'], ['Zaytoun', 'Zeitoun'], ['Majdel Zoun', 'Majdal Zoun'],
  ] as const) {
    const p = gazetteer.lookup(spelling);
    assert.equal(p?.name, name, spelling);
    assert.ok(p && Number.isFinite(p.lat) && Number.isFinite(p.lon));
  }
});

test('places: Lebanese villages get English-style names; the French spelling still resolves', () => {
  assert.equal(gazetteer.lookup('Nabatiye el Faouqa')?.name, 'Nabatiyeh al-Fawqa');
  assert.equal(gazetteer.lookup('Nabatieh al-Fawqa')?.country, 'LB');
});

test('places: region phrases, "Gaza" alone is the Strip, datelines are not places', () => {
  assert.deepEqual(names('BEIRUT: A strike hit south Lebanon.'), ['southern Lebanon']);
  assert.deepEqual(names('Aid is short in Gaza and in northern Gaza.'), ['Gaza Strip', 'northern Gaza']);
  assert.deepEqual(names('Shelling hit eastern Gaza City.'), ['Gaza City']);
});

test('places: a toponym the gazetteer lacks is kept by name, without coordinates', () => {
  const text = 'Two men were shot in al-Qarnatiya, east of Zeitoun.';
  const found = gazetteer.find({ start: 0, end: text.length, text });
  const unknown = found.find((p) => p.name === 'al-Qarnatiya');
  assert.ok(unknown);
  assert.equal(unknown.lat, null);
  assert.ok(found.some((p) => p.name === 'Zeitoun'));
});

test('places: the country a text is about breaks ties between namesakes', () => {
  const g = new Gazetteer(
    [
      { id: 'a', name: 'Qasr', kind: 'locality', country: 'PS', lat: 31.5, lon: 34.4, admin: '', rank: 5 },
      { id: 'b', name: 'Qasr', kind: 'locality', country: 'LB', lat: 33.2, lon: 35.4, admin: '', rank: 6 },
    ],
    new Map(),
  );
  assert.equal(g.lookup('Qasr')?.id, 'a');
  assert.equal(g.lookup('Qasr', { country: 'LB' })?.id, 'b');
});

test('places: a trailing kind word belongs to the name ("Rafah crossing", "Erez crossing")', () => {
  assert.deepEqual(names('Trucks waited at the Rafah crossing while the Erez crossing stayed shut.'), ['Rafah Border Crossing', 'Erez Crossing']);
});

test('places: a compass word before a short name ("in western Rafah"); a neighbourhood called a district stays a neighbourhood', () => {
  const lex = bundledLexicon();
  const find = (t: string) => lex.gazetteer.find({ start: 0, end: t.length, text: t }, [], [], 'PS').map((p) => [p.name, p.precision]);
  assert.deepEqual(find('Crowds gathered in western Rafah.'), [['Rafah', 1]]);
  assert.deepEqual(find('A home in the Sheikh Radwan district of Gaza City was hit.').slice(0, 1), [['Sheikh Radwan', 1]]);
});

test('places: "the Danube port of Izmail" names the port town, kept by name', () => {
  assert.ok(names('A missile struck a ship moored at the Danube port of Izmail.').includes('Izmail'));
  assert.ok(names('Shells fell on the port city of Hodeidah overnight.').includes('Hodeidah'));
});

test('places: "near Chong Bok in Ubon Ratchathani province": the place near which, more specific than its province', () => {
  const found = gazetteer.find({ start: 0, end: 60, text: 'A mine went off near Chong Bok in Ubon Ratchathani province.' }, [], [], null);
  const byName = Object.fromEntries(found.map((p) => [p.name, p.specificity]));
  assert.ok(byName['Chong Bok']! < byName['Ubon Ratchathani']!);
});

test('places: towns the gazetteer lacks after "the hamlet of", a region\'s possessive, a capitalised "In", or as what an attack hit "with" a weapon', () => {
  assert.ok(names('Gunmen came down into the hamlet of Bweremana at night.').includes('Bweremana'));
  assert.ok(names('Jets bombed a village in Magway region\'s Pauk township.').includes('Pauk'));
  assert.ok(names('In Kupiansk a woman was wounded.').includes('Kupiansk'));
  assert.ok(names('The enemy attacked Kremenchuk with drones.').includes('Kremenchuk'));
  assert.deepEqual(names('The enemy attacked Monday with drones. In March prices rose. In Geneva, envoys met.'), []);
});
