// A real `truce serve` process for the tests that need one (several servers on one database, load over loopback):
// started on a free port, ready once it prints its "API:" line, stopped with SIGTERM as an operator would.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const TRUCE = fileURLToPath(new URL('../../bin/truce', import.meta.url));

export interface ServeProcess {
  child: ChildProcess;
  /** Where the API listens, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** Everything the process printed so far, stdout and stderr (the first run's admin password is in it). */
  out: string;
}

export interface ServeOptions {
  /** `--init`: set an empty database up first (bundled agreements, the first admin). */
  init?: boolean;
  /** Extra environment (TRUCE_DATABASE is set from `database`). */
  env?: Record<string, string>;
}

/**
 * Starts `truce serve --port 0` on `database`. Rejects with what the process printed if it exits first or prints
 * no "API:" line within four minutes (a first run on a busy shared machine takes tens of seconds).
 */
export function startServer(database: string, options: ServeOptions = {}): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const args = [TRUCE, 'serve', ...(options.init ? ['--init'] : []), '--port', '0'];
    const child = spawn(process.execPath, args, { env: { ...process.env, ...options.env, TRUCE_DATABASE: database }, stdio: ['ignore', 'pipe', 'pipe'] });
    const server: ServeProcess = { child, url: '', out: '' };
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`truce serve did not start in 240 s:\n${server.out}`));
    }, 240_000);
    child.stdout!.on('data', (d) => {
      server.out += String(d);
      const m = server.url === '' ? /API:\s+(http:\/\/[^/\s]+)/.exec(server.out) : null;
      if (m) {
        clearTimeout(timer);
        server.url = m[1]!;
        resolve(server);
      }
    });
    child.stderr!.on('data', (d) => (server.out += String(d)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`truce serve exited with ${code}:\n${server.out}`));
    });
  });
}

/** Stops a server started above (SIGTERM) and waits for the process to exit; nothing when it already has. */
export async function stopServer(server: ServeProcess | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await exited;
}
