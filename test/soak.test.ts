// Load: a real `truce serve` process on loopback, several clients for a bounded time, a mix of the requests the
// dashboard and scripts make. Zero errors, memory flat (no growth beyond warm-up), p99 reported.
// TRUCE_SOAK_SECONDS sets the length (CI: 15 s per engine; a few minutes for a full soak).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { ENGINES } from './support/engines.ts';

const TRUCE = fileURLToPath(new URL('../bin/truce', import.meta.url));
const SECONDS = Number(process.env.TRUCE_SOAK_SECONDS ?? 15);

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

function startServer(database: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TRUCE, 'serve', '--init', '--port', '0'], { env: { ...process.env, TRUCE_DATABASE: database, TRUCE_USER: 'soak' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /API:\s+(http:\/\/[^/\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.stderr!.on('data', (d) => (out += String(d)));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

function load(url: string, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: 8,
        duration: seconds,
        requests: [
          { method: 'GET', path: '/api/health' },
          { method: 'GET', path: '/api/agreements' },
          { method: 'GET', path: '/api/agreements/gaza-2025' },
          { method: 'GET', path: '/api/agreements/gaza-2025/compliance?asOf=2025-11-01' },
          { method: 'GET', path: '/api/incidents?limit=20&status=verified,published' },
          { method: 'GET', path: '/api/series' },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

for (const engine of ENGINES) {
  describe(`soak on ${engine.name}`, { skip: engine.skip }, () => {
    let location: { url: string; dispose(): Promise<void> };
    let server: { child: ChildProcess; url: string };
    before(async () => {
      location = await engine.freshLocation();
      server = await startServer(location.url);
    });
    after(async () => {
      server?.child.kill('SIGTERM');
      await new Promise((r) => (server?.child.exitCode !== null ? r(null) : server.child.once('exit', r)));
      await location?.dispose();
    });

    test(`${SECONDS} s of mixed reads from 8 clients: no errors, memory flat`, async () => {
      const pid = server.child.pid!;
      await load(server.url, Math.min(3, SECONDS)); // warm-up: JIT, caches, pools
      const warm = rssMb(pid);
      const result = await load(server.url, SECONDS);
      const end = rssMb(pid);
      const served = result.requests.total;
      console.log(
        `# soak ${engine.name}: ${served} requests in ${SECONDS} s (${Math.round(result.requests.average)} req/s), ` +
          `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors}, non-2xx ${result.non2xx}, ` +
          `RSS ${warm.toFixed(0)} → ${end.toFixed(0)} MB`,
      );
      assert.ok(served > 0);
      assert.equal(result.errors, 0, 'connection errors or timeouts');
      assert.equal(result.non2xx, 0, 'every request answered 2xx');
      assert.ok(end - warm < 64, `memory grew from ${warm.toFixed(0)} MB to ${end.toFixed(0)} MB under steady load`);
      assert.equal(server.child.exitCode, null, 'the server is still running');
    });
  });
}
