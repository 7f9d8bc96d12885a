#!/usr/bin/env node
// Runs the whole suite with node:test. Node 20 does not discover .ts files on its own and does not expand a
// quoted glob, so the list of test files is built here and passed explicitly; an empty list is an error, so CI
// can never report "0 tests" as a pass.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('--'));

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

let files = ['src', 'test'].flatMap((d) => walk(join(root, d), [])).sort();
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('test: no test files found (looked for *.test.ts under src/ and test/)');
  process.exit(1);
}
// The browser tests drive the built web app: build it first when web/ changed since the last build.
if (files.some((f) => /(^|\/)web[^/]*\.test\.ts$/.test(f))) {
  const b = spawnSync(process.execPath, [join(root, 'scripts/build-web.mjs'), '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const reporter = process.env.TRUCE_TEST_REPORTER ?? 'spec';
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-reporter=${reporter}`, '--test-concurrency=2', ...passThrough, ...files],
  { cwd: root, stdio: 'inherit', env: process.env },
);
process.exit(r.status ?? 1);
