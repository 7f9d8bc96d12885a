import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import { firstRun } from '../../services/first-run.ts';
import { withStore } from '../session.ts';

export const DEFAULT_PORT = 4780;

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 0 || n > 65535) throw new UserError('invalid-input', `--port must be a whole number from 0 to 65535 (got "${value}")`);
  return n;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('start the HTTP server (API and documentation)')
    .option('--port <n>', `port to listen on (0 picks a free one; default $PORT or ${DEFAULT_PORT})`, process.env.PORT ?? String(DEFAULT_PORT))
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--init', 'create the database if needed and load the bundled data when it is empty')
    .action(async (opts: { port: string; host: string; init?: boolean }, cmd: Command) => {
      const port = parsePort(opts.port);
      await withStore(
        cmd,
        async (ctx) => {
          if (opts.init) await firstRun(ctx, (line) => console.log(line));
          // The server (Fastify, its plugins, every route) loads only for `serve`: other commands start faster.
          const { buildApp } = await import('../../server/app.ts');
          const app = await buildApp({ store: ctx.store });
          try {
            await app.listen({ port, host: opts.host });
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code === 'EADDRINUSE') throw new UserError('invalid-input', `port ${port} on ${opts.host} is already in use; pass --port with another number (or 0 for any free port)`);
            throw err;
          }
          const address = app.server.address();
          const actual = typeof address === 'object' && address ? address.port : port;
          console.log(`Truce is serving ${ctx.store.describe}`);
          console.log(`  API:  http://${opts.host}:${actual}/api/health`);
          console.log(`  docs: http://${opts.host}:${actual}/api/docs`);
          console.log('Press Ctrl-C to stop.');
          await new Promise<void>((resolve) => {
            const stop = () => {
              process.off('SIGINT', stop);
              process.off('SIGTERM', stop);
              void app.close().then(() => resolve());
            };
            process.on('SIGINT', stop);
            process.on('SIGTERM', stop);
          });
        },
        { create: opts.init === true },
      );
    });
}
