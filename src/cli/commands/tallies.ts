// `truce tallies AGREEMENT [--as-of DATE] [--json]`: since the agreement's start, each reporting body's own
// figures (its series and its latest tally claims) beside the sum over verified incidents — never mixed. Only the
// series that report on the agreement are listed (linked to it, or over its territory); series that name neither
// a territory nor an agreement are named apart, with how to link them.
import type { Command } from 'commander';
import type { Estimate } from '../../domain/estimate.ts';
import type { TallyReport } from '../../consolidate/tallies.ts';
import { talliesOf } from '../../services/tallies.ts';
import { withStore } from '../session.ts';

export function register(program: Command): void {
  program
    .command('tallies')
    .description("tallies since an agreement's start: each reporting body's figures beside the sum over verified incidents")
    .argument('<agreement>', 'agreement id, e.g. gaza-2025')
    .option('--as-of <date>', 'tallies as of this day YYYY-MM-DD (default: today)')
    .option('--json', 'print the tallies as JSON')
    .action(async (id: string, opts: { asOf?: string; json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (ctx) => {
        const report = await talliesOf(ctx.store, id, opts.asOf ?? ctx.now());
        console.log(opts.json ? JSON.stringify(report, null, 2) : formatTallies(report));
      });
    });
}

const range = (e: Estimate | null | undefined) => (e ? (e.low === e.high ? `${e.best}` : `${e.best} (${e.low}–${e.high})`) : '—');

export function formatTallies(r: TallyReport): string {
  const lines = [`Tallies for ${r.agreementId} since ${r.since}, as of ${r.asOf}`, '', "As reported by each body (its own figures, never combined with another's):"];
  if (r.bodies.length === 0 && r.claims.length === 0) lines.push('  (no series or tally claims held for this agreement)');
  for (const b of r.bodies) {
    lines.push(`  ${b.bodyId.padEnd(22)} ${b.metric.padEnd(26)} ${b.value === null ? '—' : String(b.value)}${b.asOf ? `  as of ${b.asOf}` : ''}${b.estimated ? '  (estimated)' : ''}  [series ${b.seriesId}: ${b.method}]`);
  }
  for (const c of r.claims) {
    lines.push(`  ${c.body.padEnd(22)} ${c.metric.padEnd(26)} ${c.value}${c.asOf ? `  as of ${c.asOf.slice(0, 10)}` : ''}  [claim ${c.claimId}, since ${c.since?.slice(0, 10)}]`);
  }
  if (r.territories.length === 0) lines.push('', `${r.agreementId} names no territory, so only series linked to it are listed: name it in an amendment (territory: [...] in its YAML, then \`truce agreement load FILE --amends VERSION\`) to list the series over its area`);
  if (r.elsewhere.length) {
    const parts = r.elsewhere.map((e) => `${e.series} over ${e.territory ?? 'no territory, linked to other agreements'}`);
    lines.push('', `Not listed: series that report on other areas than ${r.territories.join(', ') || r.agreementId} (${parts.join('; ')}); \`truce tallies\` of their agreement lists them`);
  }
  if (r.unlinked.length) {
    lines.push('', `Not linked to this agreement (no territory or agreement recorded, so not listed above): ${r.unlinked.length} series`);
    for (const u of r.unlinked) lines.push(`  ${u.seriesId}`);
    lines.push(`  to list one here: truce series link ID --agreement ${r.agreementId} (or import it again with --agreement ${r.agreementId})`);
  }
  const i = r.incidents;
  lines.push('', `Sum over ${i.count} verified incident${i.count === 1 ? '' : 's'} (best, with low–high; tally claims never added):`);
  lines.push(`  killed   ${range(i.killed.total)}`);
  for (const [g, e] of Object.entries(i.killed.byGroup)) lines.push(`    ${g.padEnd(10)} ${range(e)}`);
  lines.push(`  injured  ${range(i.injured.total)}`);
  for (const [g, e] of Object.entries(i.injured.byGroup)) lines.push(`    ${g.padEnd(10)} ${range(e)}`);
  return lines.join('\n');
}
