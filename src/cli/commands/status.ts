import type { Command } from 'commander';
import { storeStatus } from '../../services/status.ts';
import { withStore } from '../session.ts';

const byStatus = (m: Record<string, number>) => {
  const total = Object.values(m).reduce((a, b) => a + b, 0);
  const parts = Object.entries(m).map(([k, v]) => `${v} ${k}`);
  return parts.length ? `${total} (${parts.join(', ')})` : '0';
};

export function register(program: Command): void {
  program
    .command('status')
    .description('show the database in use and counts of everything it holds')
    .option('--json', 'print the counts as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (ctx) => {
        const s = await storeStatus(ctx.store.db);
        if (opts.json) {
          console.log(JSON.stringify({ database: ctx.store.describe, ...s }, null, 2));
          return;
        }
        const rows: Array<[string, string]> = [
          ['database', ctx.store.describe],
          ['agreements', `${s.agreements} (${s.provisions} provisions)`],
          ['actors', String(s.actors)],
          ['users', String(s.users)],
          ['source documents', `${s.sourceDocuments.total}${s.sourceDocuments.protected ? ` (${s.sourceDocuments.protected} protected)` : ''}`],
          ['claims', byStatus(s.claims)],
          ['incidents', byStatus(s.incidents)],
          ['series', `${s.series} (${s.seriesPoints} values)`],
          ['audit events', `${s.auditEvents} (head ${s.auditHead.slice(0, 12)})`],
        ];
        const w = Math.max(...rows.map(([k]) => k.length));
        for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
      });
    });
}
