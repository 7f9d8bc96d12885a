// `truce ingest PATH... [--protected] [--agreement ID] [--kind KIND] [--json]`: text, Markdown, HTML, RSS/Atom and
// JSON Lines files (folders recursively) become source documents, and what the extractor finds in them becomes
// draft claims and incidents in the review queue. One bad file is reported and the rest go on.
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { invalidInput } from '../../domain/errors.ts';
import { isOneOf } from '../../domain/grade.ts';
import { SOURCE_KINDS, type SourceKind } from '../../domain/source.ts';
import { listFiles, readDocumentFile } from '../../formats/documents.ts';
import { addOutcome, emptySummary, ingestDocument, prepareIngest, type IngestSummary } from '../../services/ingest.ts';
import { withStore } from '../session.ts';

interface IngestCliOptions {
  protected?: boolean;
  agreement?: string;
  kind?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('ingest')
    .description('ingest reports (text, Markdown, HTML, RSS/Atom, JSON Lines; folders recursively) into the review queue')
    .argument('<paths...>', 'files or folders to read')
    .option('--protected', 'mark these sources protected: they never appear on any public surface')
    .option('--agreement <id>', 'file the drafts under this agreement and check its provisions (e.g. gaza-2025)')
    .option('--kind <kind>', `what the documents are: ${SOURCE_KINDS.join(', ')} (default: news-article, or ministry-bulletin when it reads as one)`)
    .option('--json', 'print the summary as JSON')
    .action(async (paths: string[], opts: IngestCliOptions, cmd: Command) => {
      if (opts.kind !== undefined && !isOneOf(SOURCE_KINDS, opts.kind)) {
        throw invalidInput(`--kind "${opts.kind}" is not a source kind; use one of ${SOURCE_KINDS.join(', ')}`, 'kind');
      }
      await withStore(cmd, async (ctx) => {
        const run = await prepareIngest(ctx, { protected: opts.protected ?? false, agreementId: opts.agreement ?? null, kind: opts.kind as SourceKind | undefined });
        const summary = emptySummary();
        const files: { file: string; root: string }[] = [];
        for (const root of paths) {
          const listed = listFiles(root);
          for (const f of listed.failures) addOutcome(summary, { origin: f.origin, status: 'failed', reason: f.reason });
          for (const file of listed.files) files.push({ file, root: listed.files.length === 1 && file === root ? '' : root });
        }
        const bar = process.stderr.isTTY && !opts.json && files.length > 5
          ? new cliProgress.SingleBar({ format: 'ingesting {bar} {value}/{total} files  {docs} documents  {eta_formatted} left', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
          : null;
        bar?.start(files.length, 0, { docs: 0 });
        for (const { file, root } of files) {
          for (const r of readDocumentFile(file, root || undefined)) {
            addOutcome(summary, r.ok ? await ingestDocument(ctx, run, r.document) : { origin: r.failure.origin, status: 'failed', reason: r.failure.reason });
          }
          bar?.increment(1, { docs: summary.outcomes.length });
        }
        bar?.stop();
        console.log(opts.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
        // The good documents have landed; a failure still tells scripts that something needs fixing.
        if (summary.failed > 0) process.exitCode = 2;
      });
    });
}

export function formatSummary(s: IngestSummary): string {
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const lines = [
    `documents: ${s.new} new, ${s.held} already held, ${s.failed} failed`,
    `drafts: ${plural(s.incidents, 'new incident')}, ${plural(s.grouped, 'report')} grouped with an incident already drafted, ${plural(s.claims, 'claim')}`,
  ];
  const failed = s.outcomes.filter((o) => o.status === 'failed');
  if (failed.length) {
    lines.push('', 'failed (fix these and ingest them again; the rest have landed):');
    for (const o of failed) lines.push(`  ${o.origin}: ${o.reason}`);
  }
  if (s.new > 0) lines.push('', 'next: `truce review list` to see the drafts');
  return lines.join('\n');
}
