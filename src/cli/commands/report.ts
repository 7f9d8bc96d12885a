// `truce report AGREEMENT --from DATE --to DATE [--format md|html|pdf] [--out FILE] [--release N]`: a situation
// report for one period — headline figures by reporting body, incidents with a map, breaches per party and
// provision, indicators, deadlines, force generation, statements, charts, sources and a methods note.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { invalidInput } from '../../domain/errors.ts';
import { REPORT_FORMATS, type ReportFormat, renderSitrep } from '../../report/index.ts';
import { sitrepOf } from '../../services/report.ts';
import { withStore } from '../session.ts';

export function register(program: Command): void {
  program
    .command('report')
    .description('a situation report for one period, as Markdown, HTML or PDF')
    .argument('<agreement>', 'agreement id, e.g. gaza-2025')
    .requiredOption('--from <date>', 'first day of the period, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day of the period, YYYY-MM-DD (inclusive)')
    .option('--format <format>', `${REPORT_FORMATS.join(' | ')}`, 'md')
    .option('--out <file>', 'write to this file instead of standard output (needed for pdf on a terminal)')
    .option('--release <n>', 'report on release N (what was published then) instead of the internal record')
    .action(async (id: string, opts: { from: string; to: string; format: string; out?: string; release?: string }, cmd: Command) => {
      if (!(REPORT_FORMATS as readonly string[]).includes(opts.format)) throw invalidInput(`--format "${opts.format}" is not one of ${REPORT_FORMATS.join(', ')}`, 'format');
      const format = opts.format as ReportFormat;
      let release: number | undefined;
      if (opts.release !== undefined) {
        if (!/^[1-9]\d{0,8}$/.test(opts.release)) throw invalidInput(`--release "${opts.release}" is not a release number (1, 2, …); \`truce release list\` shows them`, 'release');
        release = Number(opts.release);
      }
      if (format === 'pdf' && !opts.out && process.stdout.isTTY) throw invalidInput('a PDF is not for the terminal: give --out FILE.pdf (or redirect the output)', 'out');
      await withStore(cmd, async (ctx) => {
        const report = await sitrepOf(ctx.store, { agreementId: id, from: opts.from, to: opts.to, release, now: ctx.now() });
        const body = await renderSitrep(report, format);
        if (opts.out) {
          writeFileSync(opts.out, body);
          console.error(`wrote ${opts.out} (${format}, ${Buffer.byteLength(body)} bytes; ${report.incidents.length} incidents, ${report.sources.length} sources)`);
        } else process.stdout.write(body);
      });
    });
}
