// CPU per request of the API bench's incident pages, served in-process (app.inject: no sockets, no autocannon), so
// a profile shows the request's own work: node --cpu-prof --import tsx bench/api-cpu.ts --database W [--requests 300]
// (a world from bench/generate.ts). Prints CPU and wall milliseconds per request; CPU is what to compare on a
// shared machine. Each page is measured repeated (the same URL: answered from the response cache after one audit-head
// query) and cold (a different URL per request, see COLD_PATHS in bench/api.ts).
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { COLD_PATHS, PAGE_PATHS } from './api.ts';
import { benchContext, flag } from './generate.ts';
import { buildApp } from '../src/server/app.ts';
import { createToken } from '../src/services/auth.ts';
import { addUser } from '../src/services/users.ts';
import { openStore, resolveDatabase } from '../src/store/connect.ts';

export async function apiCpu(database: string, requests: number): Promise<Array<{ name: string; cpuMs: number; wallMs: number }>> {
  const store = await openStore(resolveDatabase(database), { create: false });
  const ctx = { ...benchContext(store, Date.now()), now: () => new Date().toISOString() };
  const user = await addUser(ctx, { name: `bench-cpu-${Date.now()}`, role: 'analyst' });
  const { secret } = await createToken(ctx, user.id, 'api cpu benchmark', 'read');
  const app = await buildApp({ store, secureCookies: false });
  const headers = { authorization: `Bearer ${secret}` };
  const out = [];
  try {
    let n = 0; // counts on, so no cold request repeats a URL asked before
    const variants: Array<[string, (k: number) => string]> = [...Object.entries(PAGE_PATHS).map(([name, url]): [string, (k: number) => string] => [name, () => url]), ...Object.entries(COLD_PATHS).map(([name, f]): [string, (k: number) => string] => [`${name}, cold`, f])];
    for (const [name, urlOf] of variants) {
      for (let k = 0; k < 30; k++) await app.inject({ method: 'GET', url: urlOf(n++), headers }); // warm: JIT, page cache
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let k = 0; k < requests; k++) {
        const url = urlOf(n++);
        const r = await app.inject({ method: 'GET', url, headers });
        if (r.statusCode !== 200) throw new Error(`bench/api-cpu: ${url} answered ${r.statusCode}: ${r.body.slice(0, 200)}`);
      }
      const cpu = process.cpuUsage(c0);
      out.push({ name, cpuMs: (cpu.user + cpu.system) / 1000 / requests, wallMs: (performance.now() - t0) / requests });
    }
  } finally {
    await app.close();
    await store.close();
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const database = flag('database');
  if (!database) {
    console.error('bench/api-cpu: give --database with a world made by bench/generate.ts');
    process.exit(2);
  }
  for (const r of await apiCpu(database, Number(flag('requests', '300')))) console.log(`${r.name.padEnd(16)} ${r.cpuMs.toFixed(2)} ms CPU, ${r.wallMs.toFixed(2)} ms wall per request`);
}
