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

export function bundledLexicon(): Lexicon {
  if (cached) return cached;
  const gazetteer = Gazetteer.fromTsv(readFileSync(`${dataDir}gazetteer/places.tsv`, 'utf8'));
  const actors = new ActorRegistry(parse(readFileSync(`${dataDir}actors.yaml`, 'utf8')) as Record<string, unknown>);
  cached = { gazetteer, actors };
  return cached;
}
