import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import { verifyChain } from '../../domain/audit.ts';
import { allAuditEvents, auditHeadOf } from '../../store/repositories/audit.ts';
import { withStore } from '../session.ts';

export function register(program: Command): void {
  program
    .command('verify')
    .description('recompute the audit log hash chain and report any break')
    .action(async (_opts, cmd: Command) => {
      await withStore(cmd, async (ctx) => {
        const events = [];
        for await (const e of allAuditEvents(ctx.store.db)) events.push(e);
        const check = verifyChain(events);
        const head = await auditHeadOf(ctx.store.db);
        if (!check.ok) throw new UserError('conflict', `audit log broken at event ${check.brokenAt}: ${check.reason}`);
        if (head.hash !== check.head || head.seq !== check.events) throw new UserError('conflict', `audit log ends at event ${check.events} but its head says ${head.seq}: events were removed from the end`);
        console.log(`audit log intact: ${check.events} events, head ${check.head}`);
      });
    });
}
