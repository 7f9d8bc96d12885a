// `truce backup FILE` and `truce restore FILE`: copies of the whole database in the engine's own format, and a
// restore that proves itself — the restored database is checked record by record against its audit log.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import { checkIntegrity, describeProblem } from '../../services/integrity.ts';
import { backupDatabase, restoreDatabase } from '../../store/backup.ts';
import { openStore, resolveDatabase } from '../../store/connect.ts';
import { globalOptions } from '../session.ts';

export function register(program: Command): void {
  program
    .command('backup')
    .description('write a consistent backup of the database while it stays in use (SQLite: a .db file; PostgreSQL: pg_dump custom format)')
    .argument('<file>', 'the backup file to create (never overwritten)')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const location = resolveDatabase(globalOptions(cmd).database);
      const kind = await backupDatabase(location, resolve(file));
      console.log(`backup written: ${resolve(file)} (${kind === 'sqlite' ? 'SQLite database file' : 'pg_dump custom format, restorable with pg_restore'})`);
    });

  program
    .command('restore')
    .description('restore a backup into the database (which must be empty unless --replace), then verify it against its audit log')
    .argument('<file>', 'a file written by truce backup')
    .option('--replace', 'overwrite the data the target database holds')
    .action(async (file: string, opts: { replace?: boolean }, cmd: Command) => {
      const location = resolveDatabase(globalOptions(cmd).database);
      await restoreDatabase(resolve(file), location, { replace: opts.replace === true });
      const store = await openStore(location, { create: false });
      try {
        const report = await checkIntegrity(store);
        const n = Object.values(report.checked).reduce((a, b) => a + b, 0);
        if (!report.chain.ok || report.problems.length > 0) {
          const first = report.chain.ok ? describeProblem(report.problems[0]!) : report.chain.reason;
          throw new UserError('conflict', `restored into ${store.describe}, but it does not verify: ${first}; the backup itself was altered or incomplete`);
        }
        console.log(`restored into ${store.describe}: ${report.chain.events} audit events and ${n} records verified`);
      } finally {
        await store.close();
      }
    });
}
