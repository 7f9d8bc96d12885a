// `truce export FORMAT [--agreement ID] [--from DAY --to DAY] [--status S,…] [--out FILE]`: incidents in a
// format of the field, to standard output or a file. A file is written beside its final name and renamed into
// place at the end, so a failed export never leaves half a file under that name.
import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import type { Command } from 'commander';
import { invalidInput } from '../../domain/errors.ts';
import type { WorkflowStatus } from '../../domain/grade.ts';
import { EXPORT_FORMATS, type ExportFormat, exportIncidents } from '../../services/export.ts';
import { withStore } from '../session.ts';

export function register(program: Command): void {
  program
    .command('export')
    .description('export incidents: acled (ACLED CSV, Truce range columns appended), ucdp (GED CSV), hxl (ACLED columns with HXL hashtags), geojson (points), jsonl (full records with claims and sources), csv (flat); protected sources never leave')
    .argument('<format>', EXPORT_FORMATS.join(' | '))
    .option('--agreement <id>', 'only incidents monitored under this agreement')
    .option('--from <day>', 'only incidents on or after this day (YYYY-MM-DD)')
    .option('--to <day>', 'only incidents on or before this day (YYYY-MM-DD)')
    .option('--status <list>', 'only these workflow statuses, comma-separated (e.g. published); default: all but rejected and merged')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (format: string, opts: { agreement?: string; from?: string; to?: string; status?: string; out?: string }, cmd: Command) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw invalidInput(`"${format}" is not an export format; use one of ${EXPORT_FORMATS.join(', ')}`, 'format');
      await withStore(cmd, async (ctx) => {
        const options = { agreementId: opts.agreement, from: opts.from, to: opts.to, status: opts.status?.split(',').map((s) => s.trim()).filter(Boolean) as WorkflowStatus[] | undefined };
        const partial = opts.out ? `${opts.out}.partial` : null;
        let stream: WriteStream | null = null;
        const sink: NodeJS.WritableStream = partial ? (stream = createWriteStream(partial)) : process.stdout;
        const write = (chunk: string) => (sink.write(chunk) ? undefined : new Promise<void>((res) => sink.once('drain', () => res())));
        try {
          const summary = await exportIncidents(ctx.store, format as ExportFormat, options, write);
          if (stream) {
            await new Promise<void>((res, rej) => stream!.end((err?: Error | null) => (err ? rej(err) : res())));
            renameSync(partial!, opts.out!);
          }
          const extra = [summary.withoutCoordinates ? `${summary.withoutCoordinates} left out for want of coordinates` : '', summary.withheldClaims ? `${summary.withheldClaims} claims from protected sources withheld` : ''].filter(Boolean).join('; ');
          process.stderr.write(`exported ${summary.incidents} incident${summary.incidents === 1 ? '' : 's'} as ${format}${opts.out ? ` to ${opts.out}` : ''}${extra ? ` (${extra})` : ''}\n`);
        } catch (err) {
          if (stream) {
            stream.destroy();
            rmSync(partial!, { force: true });
          }
          throw err;
        }
      });
    });
}
