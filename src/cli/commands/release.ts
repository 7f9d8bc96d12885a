// truce release create|list|show: numbered, citable snapshots of the published record.
import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import { createRelease, getRelease, listReleases, releaseIntact, type Release } from '../../services/releases.ts';
import { withStore } from '../session.ts';

const describe = (r: Release) =>
  `release ${r.number}  ${r.createdAt}  by ${r.createdBy}\n  ${r.counts.incidents} incidents, ${r.counts.sources} sources, ${r.counts.agreements} agreements, ${r.counts.series} series\n  content sha256 ${r.contentHash}\n  audit head     ${r.auditHead} (event ${r.auditSeq})${r.note ? `\n  note: ${r.note}` : ''}`;

export function register(program: Command): void {
  const release = program.command('release').description('freeze the published record as a numbered, citable release');

  release
    .command('create')
    .description('make the next release from the published incidents, public sources, agreements and series')
    .option('--note <text>', 'what this release is for')
    .option('--json', 'print as JSON')
    .action(async (opts: { note?: string; json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (ctx) => {
        const r = await createRelease(ctx, opts.note ?? null);
        console.log(opts.json ? JSON.stringify(r, null, 2) : describe(r));
      });
    });

  release
    .command('list')
    .description('list releases, newest first')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (ctx) => {
        const all = await listReleases(ctx.store.db);
        if (opts.json) return console.log(JSON.stringify(all, null, 2));
        if (all.length === 0) return console.log('no releases yet; make one with `truce release create`');
        for (const r of all) console.log(`${String(r.number).padStart(4)}  ${r.createdAt}  ${r.counts.incidents} incidents  ${r.contentHash.slice(0, 16)}${r.note ? `  ${r.note}` : ''}`);
      });
    });

  release
    .command('show <number>')
    .description('one release, with a check that its stored content still matches its hash')
    .action(async (n: string, _opts: unknown, cmd: Command) => {
      if (!/^\d+$/.test(n)) throw new UserError('invalid-input', `release number must be a whole number (got "${n}")`);
      await withStore(cmd, async (ctx) => {
        console.log(describe(await getRelease(ctx.store.db, Number(n))));
        if (!(await releaseIntact(ctx.store.db, Number(n)))) throw new UserError('conflict', `release ${n}'s stored content no longer matches its hash: it was edited in the database`);
        console.log('  content matches its hash');
      });
    });
}
