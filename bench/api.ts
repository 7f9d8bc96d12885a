// HTTP throughput and latency under autocannon: Truce's GET /api/incidents with filters and a page, the next page
// by cursor, and the agreement overview aggregates, each against Fastify's hello world served the same way on the
// same machine in the same run (the ratio cancels out the machine and its load). Each server runs in its own
// child process (one event loop, as `truce serve` does); autocannon drives it from this process.
// Run: node --import tsx bench/api.ts --database FILE|postgres://… [--quick]   (a world from bench/generate.ts)
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { benchContext, flag } from './generate.ts';
import { addUser } from '../src/services/users.ts';
import { createToken } from '../src/services/auth.ts';
import { migrate, openStore, resolveDatabase } from '../src/store/connect.ts';

export interface LoadResult {
  name: string;
  path: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

const HERE = fileURLToPath(import.meta.url);

/** Starts `bench/api.ts --serve KIND` in a child and resolves with its port once it listens. */
async function startServer(kind: 'hello' | 'truce', database?: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', HERE, '--serve', kind, ...(database ? ['--database', database] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
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

async function load(name: string, port: number, path: string, seconds: number, headers: Record<string, string> = {}, connections = 10): Promise<LoadResult> {
  const r = await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections, duration: seconds, headers });
  return { name, path, requestsPerSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
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
  hello: LoadResult;
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

export async function runApi(database: string, { quick = false }: { quick?: boolean } = {}): Promise<ApiBench> {
  const seconds = quick ? 2 : 10;
  // A staff reader's token (the public reads the latest release, which a bench world does not have).
  const store = await openStore(resolveDatabase(database));
  await migrate(store);
  const ctx = { ...benchContext(store, Date.now()), now: () => new Date().toISOString() };
  const user = await addUser(ctx, { name: `bench-reader-${Date.now()}`, role: 'analyst' });
  const { secret } = await createToken(ctx, user.id, 'api benchmark', 'read');
  await store.close();
  const auth = { authorization: `Bearer ${secret}` };

  const hello = await startServer('hello');
  const truce = await startServer('truce', database);
  try {
    // Warm both (JIT, caches, the database's pages), then alternate so neither gets the quieter moment.
    await load('warm-up', hello.port, '/', 1);
    await load('warm-up', truce.port, PAGE_PATHS.filtered, 1, auth);
    const first = await single(truce.port, PAGE_PATHS.filtered, auth, 1);
    if (first.status !== 200) throw new Error(`bench/api: ${PAGE_PATHS.filtered} answered ${first.status}: ${first.body.slice(0, 200)}`);
    const next = (JSON.parse(first.body) as { next: string | null }).next;
    const helloResult = await load('Fastify hello world', hello.port, '/', seconds);
    const routes = [await load('incidents, filtered page', truce.port, PAGE_PATHS.filtered, seconds, auth)];
    if (next) routes.push(await load('incidents, next page (cursor)', truce.port, `${PAGE_PATHS.filtered}&after=${next}`, seconds, auth));
    routes.push(await load('incidents, actor + event type', truce.port, PAGE_PATHS.actor, seconds, auth));
    // The overview is heavy (it aggregates the whole agreement): timed one request at a time.
    const ov = await single(truce.port, '/api/agreements/gaza-2025/overview', auth, 1);
    let overview: ApiBench['overview'] = null;
    if (ov.status !== 404) {
      const runs = quick ? 3 : 5;
      const t = await single(truce.port, '/api/agreements/gaza-2025/overview', auth, runs);
      overview = { first: ov.median, median: t.median, max: t.max, status: t.status, runs };
    }
    return { hello: helloResult, routes, overview, firstPage: first.median };
  } finally {
    await stop(hello.child);
    await stop(truce.child);
  }
}

async function serve(kind: string): Promise<void> {
  if (kind === 'hello') {
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    app.get('/', async () => ({ hello: 'world' }));
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
  `${r.name.padEnd(32)} ${Math.round(r.requestsPerSecond).toString().padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms${base ? `  ratio ${(r.requestsPerSecond / base.requestsPerSecond).toFixed(2)}` : ''}${r.errors || r.non2xx ? `  (${r.errors} errors, ${r.non2xx} non-2xx)` : ''}`;

if (process.argv[1] === HERE) {
  const kind = flag('serve');
  if (kind) await serve(kind);
  else {
    const database = flag('database');
    if (!database) {
      console.error('bench/api: give --database with a world made by bench/generate.ts');
      process.exit(2);
    }
    const r = await runApi(database, { quick: process.argv.includes('--quick') });
    console.log(fmt(r.hello));
    for (const x of r.routes) console.log(fmt(x, r.hello));
    if (r.overview) console.log(`overview aggregates: first ${r.overview.first.toFixed(0)} ms, then median ${r.overview.median.toFixed(0)} ms, worst ${r.overview.max.toFixed(0)} ms over ${r.overview.runs} requests`);
  }
}
