#!/usr/bin/env node
// Builds data/gazetteer/places.tsv, the extractor's place list, from the reference files in ../shared/data/geo
// (GeoNames cities500 CC BY 4.0, Who's On First CC0/CC BY, the hand-compiled news-spelling aliases and the cited
// supplement) plus our own cited additions in data/gazetteer/additions.tsv.
//
//   node scripts/build-gazetteer.mjs [--geo ../shared/data/geo] [--out data/gazetteer/places.tsv]
//
// One row per place after deduplication (GeoNames id links, then same folded name within 3 km). The output is
// committed, so the extractor never needs ../shared at run time. Re-run it when the sources change.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const geoDir = arg('--geo', join(root, '..', 'shared', 'data', 'geo'));
const outFile = arg('--out', join(root, 'data', 'gazetteer', 'places.tsv'));
const additionsFile = join(root, 'data', 'gazetteer', 'additions.tsv');

function readTsv(path) {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const header = lines.shift().split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(header.map((h, i) => [h, (cells[i] ?? '').trim()]));
  });
}

// Latin script only: the extractor reads English text, and Arabic/Hebrew names would only bloat the index.
const isLatin = (s) => /^[\p{Script=Latin}\p{M}0-9 '’‘`ʿʾ.,()\-]+$/u.test(s) && /\p{L}/u.test(s);
// Same folding as src/extract/places.ts `foldName`, kept deliberately small here: only used to deduplicate.
const fold = (s) =>
  s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/['’‘`ʿʾ]/g, '').replace(/[-_]/g, ' ')
    .replace(/\b(al|el|an|en|ash|ech|esh|as|es|at|et|az|ez|ad|ed|ar|er|ej|the)\s+/g, '').replace(/ou/g, 'u')
    .replace(/\s+/g, ' ').trim();

function km(a, b) {
  const R = 6371, rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

// Areas where ceasefire incidents happen; a name that several places share resolves to the one in these first.
function inConflictArea(country, lat, lon) {
  if (country === 'PS') return true;
  if (country === 'LB') return lat < 33.6;
  if (country === 'IL') return (lat < 31.75 && lon < 34.75) || lat > 32.9;
  return false;
}

/** @type {Map<string, any>} */
const places = new Map();
let seq = 0;
function addPlace(p) {
  const id = p.id ?? `p${++seq}`;
  const place = { aliases: new Set(), curated: false, ...p, id };
  places.set(id, place);
  return place;
}
const addAliases = (place, names) => {
  for (const n of names) if (n && isLatin(n) && n.length >= 2 && !/^[a-z0-9 '`-]+$/.test(n)) place.aliases.add(n.trim());
};

// 1. GeoNames populated places.
const byGeonamesId = new Map();
for (const r of readTsv(join(geoDir, 'geonames_cities500_ps_il_lb.tsv'))) {
  const lat = Number(r.latitude), lon = Number(r.longitude);
  const place = addPlace({
    id: `gn:${r.geonameid}`, name: r.asciiname || r.name, kind: 'locality', country: r.country_code, lat, lon,
    admin: '', source: 'geonames', population: Number(r.population) || 0,
  });
  addAliases(place, [r.name, r.asciiname, ...r.alternatenames.split(',')]);
  byGeonamesId.set(r.geonameid, place);
}

// 2. Who's On First records; merged into the GeoNames place they link to.
const byWofId = new Map();
for (const r of readTsv(join(geoDir, 'wof_places_ps_il_lb.tsv'))) {
  if (r.placetype === 'campus') continue; // airports and bases: not where news places incidents by name
  const lat = Number(r.latitude), lon = Number(r.longitude);
  const names = [r.name, ...r.names_eng.split('|'), ...r.names_ara.split('|'), ...r.names_other_latin.split('|')];
  const linked = r.geonames_id ? byGeonamesId.get(r.geonames_id) : undefined;
  const kind = r.placetype === 'localadmin' ? 'locality' : r.placetype === 'county' ? 'county' : r.placetype === 'region' ? 'region' : /camp\b/i.test(r.name) ? 'camp' : r.placetype;
  let place;
  if (linked && kind === linked.kind && km(linked, { lat, lon }) < 1.5) {
    place = linked;
    place.admin ||= [r.county, r.region].filter(Boolean).join(', ');
    place.source = 'geonames+whosonfirst';
  } else {
    place = addPlace({
      id: `wof:${r.wof_id}`, name: r.names_eng.split('|')[0] || r.name, kind, country: r.country, lat, lon,
      admin: [r.county, r.region].filter(Boolean).join(', '), source: 'whosonfirst', population: 0,
    });
  }
  addAliases(place, names);
  byWofId.set(r.wof_id, place);
}

// 3. The cited supplement (Gaza City neighbourhoods, crossings).
for (const r of readTsv(join(geoDir, 'supplement_places_cited.tsv'))) {
  const kind = r.feature_type.startsWith('corridor') ? 'corridor' : r.feature_type;
  const place = addPlace({
    id: `sup:${r.id}`, name: r.name, kind, country: 'PS', lat: Number(r.latitude), lon: Number(r.longitude),
    admin: `${r.governorate}, Gaza Strip`, source: `supplement ${r.source_url}`, population: 0, curated: true,
  });
  addAliases(place, [r.name, ...r.alt_names.split('|')]);
}

// 4. News spellings, attached to their target record.
for (const r of readTsv(join(geoDir, 'aliases_news_spellings.tsv'))) {
  const place = r.target_source === 'geonames' ? byGeonamesId.get(r.target_id) : byWofId.get(r.target_id);
  if (!place) continue;
  if (!place.curated) { place.name = r.alias.replace(/\s*\(.*\)$/, ''); place.curated = true; }
  addAliases(place, [r.alias.replace(/\s*\(.*\)$/, '')]);
}

// 5. Our cited additions and canonical-name choices (data/gazetteer/additions.tsv).
for (const r of readTsv(additionsFile)) {
  if (r.action === 'rename') {
    const place = places.get(r.target);
    if (!place) throw new Error(`additions.tsv: unknown target ${r.target}`);
    addAliases(place, [place.name, r.name, ...r.aliases.split('|')]);
    place.name = r.name;
    continue;
  }
  if (r.action === 'drop-alias') {
    for (const t of r.target.split('|')) places.get(t)?.aliases.delete(r.name);
    continue;
  }
  const place = addPlace({
    id: r.target, name: r.name, kind: r.kind, country: r.country, lat: Number(r.lat), lon: Number(r.lon),
    admin: r.admin, source: `added ${r.source_url}`, population: 0, curated: true,
  });
  addAliases(place, [r.name, ...r.aliases.split('|')]);
}

// Deduplicate: same kind, a shared folded name, within 1.5 km (upper and lower villages sit ~2 km apart) → one place (the curated or GeoNames one wins).
const list = [...places.values()];
const bucket = new Map();
for (const p of list) {
  for (const a of [p.name, ...p.aliases]) {
    const k = fold(a);
    if (!bucket.has(k)) bucket.set(k, []);
    bucket.get(k).push(p);
  }
}
const mergedInto = new Map();
const resolve = (p) => { while (mergedInto.has(p.id)) p = mergedInto.get(p.id); return p; };
const strength = (p) => (p.curated ? 4 : 0) + (p.source.includes('geonames') ? 2 : 0) + (p.kind === 'locality' ? 1 : 0);
for (const group of bucket.values()) {
  for (let i = 0; i < group.length; i++) for (let j = i + 1; j < group.length; j++) {
    const a = resolve(group[i]), b = resolve(group[j]);
    if (a === b || a.country !== b.country) continue;
    const sameKind = a.kind === b.kind || (['locality', 'camp'].includes(a.kind) && ['locality', 'camp'].includes(b.kind) && fold(a.name) === fold(b.name));
    if (!sameKind || km(a, b) > 1.5) continue;
    const [keep, drop] = strength(a) >= strength(b) ? [a, b] : [b, a];
    for (const al of drop.aliases) keep.aliases.add(al);
    keep.aliases.add(drop.name);
    keep.population = Math.max(keep.population, drop.population);
    if (!keep.source.includes(drop.source)) keep.source = `${keep.source}+${drop.source}`;
    mergedInto.set(drop.id, keep);
  }
}
const kept = list.filter((p) => !mergedInto.has(p.id));

// Upper and lower villages (al-Fawqa / al-Tahta) are distinct places; GeoNames sometimes lists one's name among
// the other's alternates. Drop an alias that carries the opposite qualifier of the place's own name.
const UPPER = /\b(?:fawq[aā]|f[ao]u?qa|faouqa|foqa|fauqa|ulya|elyon)\b/i;
const LOWER = /\b(?:ta[hḩ]t[aā]|tahta|sufla|tahton)\b/i;
for (const p of kept) {
  const own = UPPER.test(p.name) ? UPPER : LOWER.test(p.name) ? LOWER : null;
  const other = own === UPPER ? LOWER : UPPER;
  for (const a of [...p.aliases]) {
    if (own && other.test(a)) p.aliases.delete(a);
    if (!own && /al[ -]fawq|al[ -]f[ao]qa/i.test(a) && !UPPER.test(p.name)) p.aliases.delete(a);
  }
}

// Lebanese records carry French transliterations (Nabatiye el Faouqa, Aita ech Chaab); English news writes
// Nabatieh al-Fawqa, Aita al-Shaab. Uncurated Lebanese names get an English-style display name; the French one
// stays an alias, so both spellings resolve.
function anglicise(name) {
  return name
    .replace(/\b(?:el|ech|ej|es|et|ez|en|er|ed|ash|esh)\s+(?=\p{L})/giu, 'al-')
    .replace(/aou/g, 'aw').replace(/Aou/g, 'Aw')
    .replace(/ch/g, 'sh').replace(/Ch/g, 'Sh')
    .replace(/^Aa/, 'A').replace(/ Aa/g, ' A')
    .replace(/iy[eé]\b/g, 'iyeh').replace(/ie\b/g, 'ieh')
    .replace(/é\b/g, 'eh');
}
for (const p of kept) {
  if (p.country !== 'LB' || p.curated || p.kind !== 'locality') continue;
  const english = anglicise(p.name);
  if (english !== p.name) { p.aliases.add(p.name); p.name = english; }
}

// Rank: lower wins when two places share a name. Curated, in a conflict area, then by kind and population.
const KIND_RANK = { neighbourhood: 0, camp: 0, crossing: 0, corridor: 1, locality: 1, county: 3, region: 4 };
const clean = (s) => String(s).replace(/[\t\n]/g, ' ');
const rows = kept.map((p) => {
  const rank = (p.curated ? 0 : 10) + (inConflictArea(p.country, p.lat, p.lon) ? 0 : 20) + (KIND_RANK[p.kind] ?? 2)
    - Math.min(5, Math.log10(1 + (p.population || 0)));
  p.aliases.delete(p.name);
  const aliases = [...p.aliases].filter((a) => fold(a) !== '' ).sort();
  return [p.id, clean(p.name), p.kind, p.country, p.lat.toFixed(5), p.lon.toFixed(5), clean(p.admin), rank.toFixed(2), aliases.map(clean).join('|'), p.source.split(' ')[0]];
});
rows.sort((a, b) => a[3].localeCompare(b[3]) || a[1].localeCompare(b[1]));
const header = ['id', 'name', 'kind', 'country', 'lat', 'lon', 'admin', 'rank', 'aliases', 'source'];
writeFileSync(outFile, [header, ...rows].map((r) => r.join('\t')).join('\n') + '\n');
console.log(`wrote ${rows.length} places (${list.length - rows.length} duplicates merged) to ${outFile}`);
