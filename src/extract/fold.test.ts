import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldName, skeletonKey, skeletonStrength } from './fold.ts';

test('fold: spellings of one name meet on one key', () => {
  const same = (a: string, b: string) => assert.equal(foldName(a), foldName(b), `${a} / ${b}`);
  same('Shuja’iyya', "Shuja'iya");
  same('Nabatiyeh al-Fawqa', 'Nabatiye el Faouqa');
  same('Zeitoun', 'Zaytun');
  same('Khan Younis', 'Khan Yunis');
  same('Deir el-Balah', 'Deir al Balah');
  same('Aita ech Chaab', 'Aita al-Shaab');
});

test('fold: skeletons are kept only when long enough to be trusted', () => {
  assert.equal(skeletonKey(foldName('Nusirat')), skeletonKey(foldName('Nuseirat')));
  assert.ok(skeletonStrength(skeletonKey(foldName('Ain al-Samahiya'))) < 4);
});
