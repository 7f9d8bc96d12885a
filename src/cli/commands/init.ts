import type { Command } from 'commander';
import { loadBundledData } from '../../services/bundled.ts';
import { withStore } from '../session.ts';

export function register(program: Command): void {
  program
    .command('init')
    .description('create or upgrade the database and load the bundled agreements')
    .action(async (_opts, cmd: Command) => {
      await withStore(cmd, async (ctx) => {
        const r = await loadBundledData(ctx);
        console.log(`database ready: ${ctx.store.describe}`);
        if (r.agreementsLoaded.length) console.log(`agreements loaded: ${r.agreementsLoaded.join(', ')}`);
        if (r.agreementsAlreadyHeld.length) console.log(`agreements already held: ${r.agreementsAlreadyHeld.join(', ')}`);
        if (r.actorsAdded) console.log(`actors added: ${r.actorsAdded}`);
      }, { create: true });
    });
}
