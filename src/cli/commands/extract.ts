// `truce extract`: run the extractor over one text (a file or standard input) or over JSON Lines of texts.
//   truce extract FILE|- [--published YYYY-MM-DD] [--agreement ID] [--json]
//   truce extract --jsonl FILE|-        (lines of {"id", "text", "published"?} → one result line per input)
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { Command } from 'commander';
import { invalidInput } from '../../domain/errors.ts';
import { BUNDLED_AGREEMENTS_DIR } from '../../services/bundled.ts';
import { bundledLexicon } from '../../extract/bundled.ts';
import { isIsoDate } from '../../extract/dates.ts';
import { extract, type Extraction, type ProvisionDescriptor } from '../../extract/index.ts';

interface ExtractCliOptions {
  published?: string;
  agreement?: string;
  json?: boolean;
  jsonl?: boolean;
}

export function register(program: Command): void {
  program
    .command('extract')
    .description('extract incidents, tallies, troop pledges, claims and positions from a news text or MoH bulletin')
    .argument('<file>', 'text file to read, or - for standard input')
    .option('--published <date>', 'publication date YYYY-MM-DD; relative dates ("on Tuesday") resolve against it')
    .option('--agreement <id>', 'agreement id: incidents list the provisions they may breach (data/agreements/<id>.yaml)')
    .option('--json', 'print one JSON object instead of a readable summary')
    .option('--jsonl', 'read JSON Lines {"id","text","published"?} and write one JSON line per input')
    .action(async (file: string, opts: ExtractCliOptions) => {
      if (opts.published !== undefined && !isIsoDate(opts.published)) {
        throw invalidInput(`--published '${opts.published}' is not a calendar date: write it as YYYY-MM-DD, e.g. --published 2025-10-14`, 'published');
      }
      const provisions = opts.agreement ? await loadProvisions(opts.agreement) : [];
      if (opts.jsonl) {
        await extractLines(file, provisions, opts.published ?? null);
        return;
      }
      const text = readInput(file);
      const result = extract(text, bundledLexicon(), { published: opts.published ?? null, provisions });
      process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : summary(result));
    });
}

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw invalidInput(`cannot read '${file}': ${reason}. Give a readable text file, or - to read standard input.`, 'file');
  }
}

/** JSON Lines in, JSON Lines out, one line at a time so memory does not grow with the input. A bad line gets
 * {"id", "error"} and the run goes on. */
async function extractLines(file: string, provisions: ProvisionDescriptor[], defaultPublished: string | null): Promise<void> {
  if (file !== '-' && !existsSync(file)) {
    throw invalidInput(`cannot read '${file}': no such file. Give a JSON Lines file, or - to read standard input.`, 'file');
  }
  const input = file === '-' ? process.stdin : createReadStream(file, 'utf8');
  const lines = createInterface({ input, crlfDelay: Infinity });
  const lexicon = bundledLexicon();
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let id: unknown = null;
    try {
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch (err) {
        throw new Error(`line ${n}: not valid JSON (${(err as Error).message}); each line must be one object {"id","text","published"?}`);
      }
      if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error(`line ${n}: expected an object {"id","text","published"?}`);
      const r = row as Record<string, unknown>;
      id = r.id ?? null;
      if (typeof r.text !== 'string') throw new Error(`line ${n}: "text" must be a string`);
      const published = r.published === undefined || r.published === null ? defaultPublished : r.published;
      if (published !== null && (typeof published !== 'string' || !isIsoDate(published))) {
        throw new Error(`line ${n}: "published" must be YYYY-MM-DD or null, got ${JSON.stringify(published)}`);
      }
      const result = extract(r.text, lexicon, { published, provisions });
      process.stdout.write(`${JSON.stringify({ id, ...result })}\n`);
    } catch (err) {
      process.stdout.write(`${JSON.stringify({ id, error: (err as Error).message })}\n`);
    }
  }
}

/** The provisions of a bundled agreement (data/agreements/<id>.yaml), loaded and validated by the agreement
 * loader; the extractor needs only their ids, breach rules and obligated parties. */
async function loadProvisions(id: string): Promise<ProvisionDescriptor[]> {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(id)) throw invalidInput(`--agreement '${id}' is not an agreement id (letters, digits, '.', '-', '_')`, 'agreement');
  const path = join(BUNDLED_AGREEMENTS_DIR, `${id}.yaml`);
  if (!existsSync(path)) {
    throw invalidInput(`--agreement '${id}': no file data/agreements/${id}.yaml. Use the id of a bundled agreement (the file name without .yaml).`, 'agreement');
  }
  const { loadAgreementFile } = await import('../../formats/agreement-yaml.ts');
  const agreement = await loadAgreementFile(path);
  return agreement.provisions.map((p) => ({
    id: p.id,
    category: p.category,
    breachedBy: (p.breachedBy ?? []).map((r) => ({ eventType: r.eventType, ...(r.subEventType ? { subEventType: r.subEventType } : {}) })),
    obligated: p.obligated,
  }));
}

function summary(r: Extraction): string {
  const lines: string[] = [];
  const fig = (e: { best: number } | null | undefined) => (e ? String(e.best) : '-');
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  lines.push(
    [
      count(r.incidents.length, 'incident', 'incidents'), count(r.tallies.length, 'tally', 'tallies'),
      count(r.pledges.length, 'pledge', 'pledges'), count(r.claims.length, 'claim', 'claims'),
      count(r.positions.length, 'position', 'positions'),
    ].join(', '),
  );
  if (r.incidents.length) lines.push('', 'Incidents');
  for (const i of r.incidents) {
    lines.push(`  ${i.date ?? 'date unknown'}  ${i.location?.name ?? 'place unknown'}  ${i.perpetrator ?? 'perpetrator unknown'} → ${i.target ?? '?'}  killed ${fig(i.killed)}, injured ${fig(i.injured)}  (${i.subEventType})${i.claimedBy ? `  per ${i.claimedBy}` : ''}`);
  }
  if (r.tallies.length) lines.push('', 'Tallies');
  for (const t of r.tallies) {
    lines.push(`  ${t.metric} ${t.value}${t.since ? ` since ${t.since}` : ''}${t.periodHours ? ` in ${t.periodHours} h` : ''}${t.asOf ? ` as of ${t.asOf}` : ''}  ${t.subject ?? ''}${t.claimedBy ? `  per ${t.claimedBy}` : ''}`);
  }
  if (r.pledges.length) lines.push('', 'Pledges');
  for (const p of r.pledges) {
    const troops = p.troopsMin === null && p.troopsMax === null ? '' : p.troopsMin === p.troopsMax ? `  ${p.troopsMax} troops` : `  ${p.troopsMin ?? '?'}–${p.troopsMax ?? '?'} troops`;
    lines.push(`  ${p.country}: ${p.status}${p.by ? ` (by ${p.by})` : ''}${troops}`);
  }
  if (r.claims.length) lines.push('', 'Claims');
  for (const c of r.claims) lines.push(`  ${c.kind}: ${c.by ?? '?'}${c.against ? ` → ${c.against}` : ''}: ${c.about}`);
  if (r.positions.length) lines.push('', 'Positions');
  for (const p of r.positions) lines.push(`  ${p.speaker}${p.affiliation && p.affiliation !== p.speaker ? ` (${p.affiliation})` : ''} ${p.stance} ${p.issue}`);
  return `${lines.join('\n')}\n`;
}
