// The lexicon Truce ships: data/gazetteer/places.tsv and data/actors.yaml. This is the one module under
// src/extract that touches the file system, kept apart so that everything else in the extractor stays pure and
// can be given another gazetteer or registry (tests, other theatres). Loaded once per process and cached.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ActorRegistry } from './actors.ts';
import type { Lexicon } from './index.ts';
import { Gazetteer } from './places.ts';

const dataDir = fileURLToPath(new URL('../../data/', import.meta.url));
let cached: Lexicon | null = null;
let actors: ActorRegistry | null = null;

export function bundledLexicon(): Lexicon {
  cached ??= { gazetteer: Gazetteer.fromTsv(readFileSync(`${dataDir}gazetteer/places.tsv`, 'utf8')), actors: bundledActors() };
  return cached;
}

/** The registry alone, for naming actors: reading the gazetteer as well costs most of a second. */
export function bundledActors(): ActorRegistry {
  actors ??= new ActorRegistry(parse(readFileSync(`${dataDir}actors.yaml`, 'utf8')) as Record<string, unknown>);
  return actors;
}
