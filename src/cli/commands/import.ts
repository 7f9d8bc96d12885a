// `truce import FORMAT FILE [--dry-run] [--agreement ID]`: a dataset file into the record, row by row, with a
// progress bar (rows/s) on a terminal, a summary, and every rejected row reported and written to a rejects file.
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { invalidInput, UserError } from '../../domain/errors.ts';
import { IMPORT_FORMATS, type ImportFormat } from '../../formats/read.ts';
import { importFile, type ImportSummary } from '../../services/import.ts';
import { keepReports } from '../../services/kept-compute.ts';
import { withStore } from '../session.ts';

const SHOWN_REJECTS = 20;
/** Imports that add or change at least this many incidents or points compute the figures before returning. */
const KEEP_REPORTS_FROM = 10_000;

export function register(program: Command): void {
  program
    .command('import')
    .description('import a dataset file: acled (CSV, current or pre-2023 layout), ucdp (GED CSV), hxl (HXL-tagged CSV of incidents or series), geojson (point incidents), tfp (Tech For Palestine daily JSON), series (CSV: date,value,metric,body)')
    .argument('<format>', IMPORT_FORMATS.join(' | '))
    .argument('<file>', 'the file to import')
    .option('--dry-run', 'read and check every row and report what would change, changing nothing')
    .option('--agreement <id>', 'monitor the imported incidents under this agreement, or list the imported series in its tallies (e.g. gaza-2025)')
    .option('--batch <rows>', 'rows per transaction', '500')
    .action(async (format: string, file: string, opts: { dryRun?: boolean; agreement?: string; batch: string }, cmd: Command) => {
      if (!(IMPORT_FORMATS as readonly string[]).includes(format)) throw invalidInput(`"${format}" is not an import format; use one of ${IMPORT_FORMATS.join(', ')}`, 'format');
      const batchSize = Number(opts.batch);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw invalidInput(`--batch "${opts.batch}" must be a whole number of rows ≥ 1`, 'batch');
      await withStore(cmd, async (ctx) => {
        const bar = process.stderr.isTTY
          ? new cliProgress.SingleBar({ stream: process.stderr, format: ' {bar} {percentage}% | {rows} rows | {rate} rows/s | {rejected} rejected', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
          : null;
        const started = Date.now();
        let rejected = 0;
        let shown = 0;
        bar?.start(100, 0, { rows: 0, rate: 0, rejected: 0 });
        let summary: ImportSummary;
        try {
          summary = await importFile(ctx, format as ImportFormat, file, {
            dryRun: opts.dryRun === true,
            agreementId: opts.agreement ?? null,
            batchSize,
            onProgress: ({ rows, bytes, totalBytes }) => {
              const secs = Math.max((Date.now() - started) / 1000, 0.001);
              bar?.update(totalBytes > 0 ? Math.min(100, Math.round((bytes / totalBytes) * 100)) : 0, { rows, rate: Math.round(rows / secs), rejected });
            },
            onReject: (r, f) => {
              rejected++;
              if (shown++ < SHOWN_REJECTS) {
                const message = `${f}:${r.line}${r.column ? ` [${r.column}]` : ''}: ${r.reason}\n`;
                process.stderr.write(message);
              }
            },
          });
        } finally {
          bar?.stop();
        }
        const secs = (Date.now() - started) / 1000;
        console.log(formatSummary(summary, secs));
        // After a large import the dashboards and compliance are computed here, once, rather than by the first
        // person to open them (seconds at hundreds of thousands of incidents); small imports leave it to that read.
        if (!summary.dryRun && summary.new + summary.updated >= KEEP_REPORTS_FROM) {
          for (const k of await keepReports(ctx.store)) console.log(`  figures of ${k.agreementId} computed and kept in ${k.seconds.toFixed(1)} s`);
        }
        if (summary.rejected > 0) {
          const more = summary.rejected > SHOWN_REJECTS ? ` (the first ${SHOWN_REJECTS} are listed above)` : ' (listed above)';
          throw new UserError(
            'invalid-input',
            `${summary.rejected} row${summary.rejected === 1 ? ' was' : 's were'} rejected${more}; ${summary.rejectsFile ? `they are in ${summary.rejectsFile}: fix them there and run \`truce import ${format} ${summary.rejectsFile}\`` : 'fix them in the file and import it again'}${summary.dryRun ? '' : '; the good rows were imported'}`,
          );
        }
      });
    });
}

export function formatSummary(s: ImportSummary, secs: number): string {
  const what = s.holds === 'series' ? 'rows' : 'incidents';
  const lines = [
    `${s.dryRun ? 'dry run (nothing changed): would import' : 'imported'} ${s.file} as ${s.format}: ${s.rows} rows in ${secs.toFixed(1)} s (${Math.round(s.rows / Math.max(secs, 0.001))} rows/s)`,
    `  ${what}: ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected`,
  ];
  if (s.holds === 'series') lines.push(`  series points: ${s.points.new} new, ${s.points.updated} updated, ${s.points.unchanged} unchanged`);
  return lines.join('\n');
}
