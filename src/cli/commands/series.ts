// `truce series list [--agreement ID] [--body BODY] [--json]` and `truce series link ID… [--body BODY]
// (--agreement ID | --unlink ID | --territory NAME)`: which agreements each reported series reports on, and linking
// one that names no territory (a series CSV without territory or agreement columns) so it lists in the agreement's
// tallies, without importing it again.
import type { Command } from 'commander';
import { invalidInput } from '../../domain/errors.ts';
import type { SeriesRelevance } from '../../domain/series.ts';
import { linkSeries, seriesListing } from '../../services/series.ts';
import { withStore } from '../session.ts';

const RELEVANCE: Record<SeriesRelevance, string> = {
  linked: 'linked to it',
  territory: 'over its territory',
  unlinked: 'not linked (no territory or agreement)',
  elsewhere: 'reports on another area',
};

export function register(program: Command): void {
  const series = program.command('series').description('reported series: list them and the agreements they report on, link them to an agreement or territory');

  series
    .command('list')
    .description('list the series held, with the territory each covers and the agreements it is linked to')
    .option('--agreement <id>', 'say how each series stands to this agreement (listed in its tallies or not)')
    .option('--body <id>', 'only the series of this reporting body')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { agreement?: string; body?: string; json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (ctx) => {
        const list = await seriesListing(ctx.store, { agreementId: opts.agreement, bodyId: opts.body });
        if (opts.json) return console.log(JSON.stringify(list, null, 2));
        if (list.length === 0) return console.log('no series held');
        for (const { series: s, relevance } of list) {
          const links = s.agreements?.length ? `  linked: ${s.agreements.join(', ')}` : '';
          console.log(`${s.id.padEnd(44)} ${(s.territory ?? '(no territory)').padEnd(16)}${links}${relevance ? `  — ${opts.agreement}: ${RELEVANCE[relevance]}` : ''}`);
        }
      });
    });

  series
    .command('link')
    .description("link series to an agreement (listed in its tallies whatever their territory), unlink them, or set the territory their figures cover")
    .argument('[ids...]', 'series ids, e.g. cogat.trucks (truce series list shows them)')
    .option('--body <id>', 'every series of this reporting body')
    .option('--agreement <id>', 'link to this agreement')
    .option('--unlink <id>', 'remove the link to this agreement')
    .option('--territory <name>', 'the area the figures cover, e.g. "Gaza Strip", west-bank, lebanon ("" clears it)')
    .option('--why <text>', 'the reason, kept in the audit log')
    .action(async (ids: string[], opts: { body?: string; agreement?: string; unlink?: string; territory?: string; why?: string }, cmd: Command) => {
      await withStore(cmd, async (ctx) => {
        const all = [...ids];
        if (opts.body) {
          const ofBody = await seriesListing(ctx.store, { bodyId: opts.body });
          if (ofBody.length === 0) throw invalidInput(`no series of body "${opts.body}" is held; \`truce series list\` shows the bodies`, 'body');
          all.push(...ofBody.map((l) => l.series.id));
        }
        const saved = await linkSeries(ctx, [...new Set(all)], { agreementId: opts.agreement ?? null, unlinkAgreementId: opts.unlink ?? null, territory: opts.territory }, opts.why);
        for (const s of saved) console.log(`${s.id}: territory ${s.territory ?? '(none)'}; linked to ${s.agreements?.length ? s.agreements.join(', ') : '(no agreement)'}`);
      });
    });
}
