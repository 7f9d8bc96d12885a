import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import { checkIntegrity, describeProblem } from '../../services/integrity.ts';
import { withStore } from '../session.ts';

export function register(program: Command): void {
  program
    .command('verify')
    .description('check that nothing was changed behind Truce\'s back: the audit log\'s hash chain, and every record against its audit history')
    .option('--json', 'print the full report as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (ctx) => {
        const report = await checkIntegrity(ctx.store);
        if (opts.json) console.log(JSON.stringify(report, null, 2));
        else {
          const counts = Object.entries(report.checked).map(([entity, n]) => `${n} ${entity}`).join(', ');
          if (report.chain.ok) console.log(`audit log intact: ${report.chain.events} events, head ${report.chain.head}`);
          console.log(`records checked against the audit log: ${counts}`);
          for (const p of report.problems.slice(0, 50)) console.log(`  ${describeProblem(p)}`);
          if (report.problems.length > 50) console.log(`  … and ${report.problems.length - 50} more (--json lists all)`);
        }
        if (!report.chain.ok) throw new UserError('conflict', `${report.chain.reason}; restore from a backup or investigate who had database access`);
        if (report.problems.length > 0) {
          throw new UserError('conflict', `${report.problems.length} record${report.problems.length === 1 ? ' was' : 's were'} changed outside Truce (listed above); restore them from a backup or record the change through Truce`);
        }
        if (!opts.json) console.log('no record was changed outside Truce');
      });
    });
}
