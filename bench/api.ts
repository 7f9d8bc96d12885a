// HTTP throughput and latency under autocannon: Truce's GET /api/incidents with filters and a page, the next page
// by cursor, and the agreement overview aggregates, each against Fastify's hello world served the same way on the
// same machine in the same run (the ratio cancels out the machine and its load). Each server runs in its own
// child process (one event loop, as `truce serve` does); autocannon drives it from this process.
// Run: node --import tsx bench/api.ts --database FILE|postgres://… [--quick] [--no-overview]   (a world from
// bench/generate.ts; the world is not migrated here: bench/run.ts does that, and a standalone run must not rewrite a
// large world behind its owner's back). Extra server flags for profiling: --server-args "--cpu-prof --cpu-prof-dir=D".
//
// Two kinds of page are measured. A *repeated* page asks the same URL every time: the server answers it from its
// cache of serialised responses once it has checked the audit head (one query), and with 304 when the client sends
// the ETag back (If-None-Match). A *cold* page asks a different URL on every request (another date window, actor,
// event type or page size), so no cache can help: that is the cost of computing a page.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { benchContext, flag } from './generate.ts';
import { addUser } from '../src/services/users.ts';
import { createToken } from '../src/services/auth.ts';
import { openStore, resolveDatabase } from '../src/store/connect.ts';
import { loadavg } from 'node:os';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LoadResult {
  name: string;
  path: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** The server process's CPU time per request (µs; Linux /proc), which the load of a shared machine hardly moves. */
  cpuMicros: number | null;
}

/** A process's user + system CPU time in µs (Linux), or null elsewhere. */
function cpuOf(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // utime, stime in clock ticks (100 per second)
  } catch {
    return null;
  }
}

const HERE = fileURLToPath(import.meta.url);

/** Starts `bench/api.ts --serve KIND` in a child and resolves with its port once it listens. */
async function startServer(kind: 'hello' | 'truce', database?: string, nodeArgs: string[] = [], args: string[] = []): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', HERE, '--serve', kind, ...(database ? ['--database', database] : []), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), child });
    });
    child.on('exit', (code) => reject(new Error(`bench/api: the ${kind} server exited (${code}) before listening`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** `path` is one URL asked again and again, or a function giving the URL of the k-th request (a cold variant). */
// Counts on across runs, so a cold run never asks a URL its warm-up asked.
let k = 0;
async function load(name: string, server: { port: number; child: ChildProcess }, path: string | ((k: number) => string), seconds: number, headers: Record<string, string> = {}, connections = 10): Promise<LoadResult> {
  const port = server.port;
  const cpu0 = cpuOf(server.child.pid);
  const vary = typeof path === 'function' ? path : null;
  const first = vary ? vary(k++) : (path as string);
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${first}`,
    connections,
    duration: seconds,
    headers,
    ...(vary ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: vary(k++) }) }] } : {}),
  });
  // autocannon counts 304 as non-2xx; a revalidated page answers 304 on purpose.
  const notModified = (r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats?.['304']?.count ?? 0;
  const cpu1 = cpuOf(server.child.pid);
  const cpuMicros = cpu0 !== null && cpu1 !== null && r.requests.total > 0 ? (cpu1 - cpu0) / r.requests.total : null;
  return { name, path: vary ? `${first} (a different URL per request)` : first, requestsPerSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx - notModified, cpuMicros };
}

/** One request at a time, `n` times: the latency a single user sees (median and worst, ms). */
async function single(port: number, path: string, headers: Record<string, string>, n: number): Promise<{ median: number; max: number; status: number; body: string }> {
  const times: number[] = [];
  let status = 0;
  let body = '';
  for (let k = 0; k < n; k++) {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers, signal: AbortSignal.timeout(600_000) });
    body = await res.text();
    status = res.status;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, max: times[times.length - 1]!, status, body };
}

export interface ApiBench {
  /** 1-minute load average before and after the run (the machine is shared). */
  load: { before: number; after: number };
  hello: LoadResult;
  /** The hello-world server sending the filtered page's bytes from memory: the ceiling for a body that size. */
  sameBytes: LoadResult;
  routes: LoadResult[];
  /** first: the cold request (the service caches per audit head); median and max over the repeats after it. */
  overview: { first: number; median: number; max: number; runs: number; status: number } | null;
  firstPage: number;
}

/** Paths of the filtered pages measured: a month of verified incidents under the agreement, and one party's battles. */
export const PAGE_PATHS = {
  filtered: '/api/incidents?agreement=gaza-2025&status=verified,published&from=2026-01-01&to=2026-01-31&limit=50',
  actor: '/api/incidents?actor=Hamas&eventType=Battles&limit=50',
};

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
/**
 * Cold variants of the pages above: the k-th request asks a URL no earlier request of the run asked (a 30-day window
 * starting on another day, and a page size from 30 to 69: 13,400 different URLs, more than a run sends, and far
 * more than the response cache holds).
 */
export const COLD_PATHS = {
  filtered: (k: number) => {
    const start = Date.parse('2025-10-10') + (Math.floor(k / 40) % 335) * DAY;
    return `/api/incidents?agreement=gaza-2025&status=verified,published&from=${isoDay(start)}&to=${isoDay(start + 30 * DAY)}&limit=${30 + (k % 40)}`;
  },
  actor: (k: number) => {
    // Each actor with an event type it has in a generated world (a combination with no incident at all walks every
    // incident of the actor: see RESULTS.md, Findings).
    const pairs: Array<[string, string]> = [
      ['Hamas', 'Battles'], ['Hamas', 'Explosions/Remote violence'], ['Hamas', 'Violence against civilians'],
      ['Israel', 'Explosions/Remote violence'], ['Israel', 'Strategic developments'], ['Israel', 'Violence against civilians'],
      ['Popular Forces', 'Battles'], ['Popular Forces', 'Riots'], ['Palestinian Islamic Jihad', 'Riots'], ['Palestinian Islamic Jihad', 'Violence against civilians'],
    ];
    const [actor, type] = pairs[k % pairs.length]!;
    return `/api/incidents?actor=${encodeURIComponent(actor)}&eventType=${encodeURIComponent(type)}&limit=${30 + (Math.floor(k / 10) % 40)}&to=${isoDay(Date.parse('2026-10-09') - (Math.floor(k / 400) % 300) * DAY)}`;
  },
};

export async function runApi(database: string, { quick = false, overview: withOverview = true, serverArgs = [] }: { quick?: boolean; overview?: boolean; serverArgs?: string[] } = {}): Promise<ApiBench> {
  const seconds = quick ? 2 : 10;
  const before = loadavg()[0]!;
  // A staff reader's token (the public reads the latest release, which a bench world does not have).
  const store = await openStore(resolveDatabase(database), { create: false });
  const ctx = { ...benchContext(store, Date.now()), now: () => new Date().toISOString() };
  const user = await addUser(ctx, { name: `bench-reader-${Date.now()}`, role: 'analyst' });
  const { secret } = await createToken(ctx, user.id, 'api benchmark', 'read');
  await store.close();
  const auth = { authorization: `Bearer ${secret}` };

  const truce = await startServer('truce', database, serverArgs);
  let hello: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const first = await single(truce.port, PAGE_PATHS.filtered, auth, 1);
    if (first.status !== 200) throw new Error(`bench/api: ${PAGE_PATHS.filtered} answered ${first.status}: ${first.body.slice(0, 200)}`);
    // The hello-world server also serves that page's bytes from memory at /page: the most any server could do with
    // a body that size on this machine (the client reads every byte too).
    const bodyFile = join(mkdtempSync(join(tmpdir(), 'truce-bench-')), 'page.json');
    writeFileSync(bodyFile, first.body);
    hello = await startServer('hello', undefined, [], ['--body-file', bodyFile]);
    // Warm both (JIT, caches, the database's pages), then alternate so neither gets the quieter moment.
    await load('warm-up', hello, '/', 1);
    await load('warm-up', hello, '/page', 1);
    await load('warm-up', truce, PAGE_PATHS.filtered, 1, auth);
    const next = (JSON.parse(first.body) as { next: string | null }).next;
    const etag = (await fetch(`http://127.0.0.1:${truce.port}${PAGE_PATHS.filtered}`, { headers: auth })).headers.get('etag');
    await load('warm-up', truce, COLD_PATHS.filtered, 1, auth);
    const helloResult = await load('Fastify hello world', hello, '/', seconds);
    const sameBytes = await load(`Fastify, the filtered page's ${Math.round(first.body.length / 1024)} KB from memory`, hello, '/page', seconds);
    const routes = [await load('incidents, filtered page', truce, PAGE_PATHS.filtered, seconds, auth)];
    routes.push(await load('incidents, filtered page, gzip (as browsers ask)', truce, PAGE_PATHS.filtered, seconds, { ...auth, 'accept-encoding': 'gzip' }));
    if (etag) routes.push(await load('incidents, filtered page, If-None-Match (304)', truce, PAGE_PATHS.filtered, seconds, { ...auth, 'if-none-match': etag }));
    routes.push(await load('incidents, filtered page, cold (a different window per request)', truce, COLD_PATHS.filtered, seconds, auth));
    if (next) routes.push(await load('incidents, next page (cursor)', truce, `${PAGE_PATHS.filtered}&after=${next}`, seconds, auth));
    routes.push(await load('incidents, actor + event type', truce, PAGE_PATHS.actor, seconds, auth));
    routes.push(await load('incidents, actor + event type, cold (a different actor/type/page per request)', truce, COLD_PATHS.actor, seconds, auth));
    // The overview is heavy (it aggregates the whole agreement): timed one request at a time.
    const ov = withOverview ? await single(truce.port, '/api/agreements/gaza-2025/overview', auth, 1) : { status: 404, median: 0 };
    let overview: ApiBench['overview'] = null;
    if (ov.status !== 404) {
      const runs = quick ? 3 : 5;
      const t = await single(truce.port, '/api/agreements/gaza-2025/overview', auth, runs);
      overview = { first: ov.median, median: t.median, max: t.max, status: t.status, runs };
    }
    return { load: { before, after: loadavg()[0]! }, hello: helloResult, sameBytes, routes, overview, firstPage: first.median };
  } finally {
    if (hello) await stop(hello.child);
    await stop(truce.child);
  }
}

async function serve(kind: string): Promise<void> {
  if (kind === 'hello') {
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    app.get('/', async () => ({ hello: 'world' }));
    const bodyFile = flag('body-file');
    const body = bodyFile ? readFileSync(bodyFile, 'utf8') : '{}';
    app.get('/page', async (_req, reply) => reply.type('application/json; charset=utf-8').send(body));
    await app.listen({ port: 0, host: '127.0.0.1' });
    console.log(`listening ${(app.server.address() as { port: number }).port}`);
  } else {
    const { buildApp } = await import('../src/server/app.ts');
    const store = await openStore(resolveDatabase(flag('database')), { create: false });
    const app = await buildApp({ store, secureCookies: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    console.log(`listening ${(app.server.address() as { port: number }).port}`);
    process.on('SIGTERM', () => void app.close().then(() => store.close()).then(() => process.exit(0)));
  }
}

const fmt = (r: LoadResult, base?: LoadResult) =>
  `${r.name.padEnd(80)} ${Math.round(r.requestsPerSecond).toString().padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms${base ? `  ratio ${(r.requestsPerSecond / base.requestsPerSecond).toFixed(2)}` : ''}${r.cpuMicros !== null ? `  server CPU ${Math.round(r.cpuMicros)} µs/request${base?.cpuMicros ? ` (${(base.cpuMicros / r.cpuMicros).toFixed(2)})` : ''}` : ''}${r.errors || r.non2xx ? `  (${r.errors} errors, ${r.non2xx} non-2xx)` : ''}`;

if (process.argv[1] === HERE) {
  const kind = flag('serve');
  if (kind) await serve(kind);
  else {
    const database = flag('database');
    if (!database) {
      console.error('bench/api: give --database with a world made by bench/generate.ts');
      process.exit(2);
    }
    const serverArgs = flag('server-args')?.split(' ').filter(Boolean) ?? [];
    const r = await runApi(database, { quick: process.argv.includes('--quick'), overview: !process.argv.includes('--no-overview'), serverArgs });
    console.log(`load average (1 min): ${r.load.before.toFixed(1)} before, ${r.load.after.toFixed(1)} after`);
    console.log(fmt(r.hello));
    console.log(fmt(r.sameBytes, r.hello));
    for (const x of r.routes) console.log(fmt(x, r.hello));
    if (r.overview) console.log(`overview aggregates: first ${r.overview.first.toFixed(0)} ms, then median ${r.overview.median.toFixed(0)} ms, worst ${r.overview.max.toFixed(0)} ms over ${r.overview.runs} requests`);
  }
}
