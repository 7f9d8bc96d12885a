#!/usr/bin/env node
// Builds the web app (web/ → web/dist) with Vite. `--if-stale` builds only when web/dist is missing or older than
// any file under web/src, web/index.html or web/vite.config.ts, so `npm start` and the browser tests do not rebuild
// an up-to-date app.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const web = join(root, 'web');
const dist = join(web, 'dist', 'index.html');

function newest(p) {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((n) => newest(join(p, n))));
}

export function webIsStale() {
  if (!existsSync(dist)) return true;
  const built = statSync(dist).mtimeMs;
  return [join(web, 'src'), join(web, 'index.html'), join(web, 'vite.config.ts')].some((p) => existsSync(p) && newest(p) > built);
}

if (process.argv.includes('--if-stale') && !webIsStale()) process.exit(0);
console.log('building the web app (web/ → web/dist)…');
const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(web, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
