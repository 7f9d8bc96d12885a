// `truce agreement load|list|show|geometry` and `truce compliance`: agreements held in the database. The file
// checks that need no database (`agreement validate`, `schema agreement`) live in agreement.ts.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import { agreementToStore } from '../../services/bundled.ts';
import { type GeoJsonGeometry, geometryFrom, loadAgreement, redrawGeometry } from '../../services/agreements.ts';
import { agreementAsOf, keptComplianceOf, normaliseAsOf } from '../../services/compliance.ts';
import { EVIDENCE_LIST_NAMES, EVIDENCE_PAGE_MAX, evidencePage } from '../../services/evidence.ts';
import { listAgreements, listGeometries } from '../../store/repositories/agreements.ts';
import { formatComplianceReport, formatProvisionTable } from '../format-agreement.ts';
import { withStore } from '../session.ts';
import { commandNamed } from './agreement.ts';

export function register(program: Command): void {
  const agreement = commandNamed(program, 'agreement', 'agreements: the promises a ceasefire made (files, versions, provisions)');

  agreement
    .command('load')
    .description('validate an agreement YAML file and store it (with its geometry); loading the same file twice adds nothing')
    .argument('<file>', 'agreement YAML file (see `truce schema agreement`)')
    .option('--amends <version>', 'store the file as an amendment of this held version (kept beside the old one for "as of" questions)')
    .option('--why <reason>', 'reason recorded in the audit log')
    .action(async (file: string, opts: { amends?: string; why?: string }, cmd: Command) => {
      const { loadAgreementFile } = await import('../../formats/agreement-yaml.ts');
      const a = await loadAgreementFile(file);
      await withStore(cmd, async (ctx) => {
        const amends = opts.amends === undefined ? null : parseVersion(opts.amends, '--amends');
        const stored = await loadAgreement(ctx, a, agreementToStore(a), { amends, why: opts.why ?? `loaded from ${file}`, origin: file });
        if (stored.status === 'held') {
          console.log(`${a.id}: already held as version ${stored.version}; nothing added`);
          return;
        }
        console.log(`${a.id}: stored as version ${stored.version} — ${a.provisions.length} provisions, ${a.phases.length} phases, ${(a.geometry ?? []).length} lines/zones`);
      });
    });

  agreement
    .command('list')
    .description('list the agreements held (latest version of each)')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (ctx) => {
        const rows = await listAgreements(ctx.store.db);
        if (opts.json) return void console.log(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return void console.log('no agreements held; `truce init` loads the bundled ones, `truce agreement load FILE` adds one');
        const table = rows.map((r) => [r.id, `v${r.version}`, r.kind, (r.signedAt ?? '').slice(0, 10), r.title]);
        printTable(['ID', 'VERSION', 'KIND', 'SIGNED', 'TITLE'], table);
      });
    });

  agreement
    .command('show')
    .description('show an agreement held: parties, phases and provisions as a table')
    .argument('<id>', 'agreement id, e.g. gaza-2025')
    .option('--as-of <date>', 'the version and geometry that applied at this date')
    .option('--full', 'also print each act, trigger, note and source URL')
    .option('--json', 'print the stored agreement as JSON')
    .action(async (id: string, opts: { asOf?: string; full?: boolean; json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (ctx) => {
        const { stored, agreement: a } = await agreementAsOf(ctx.store, id, opts.asOf);
        if (opts.json) return void console.log(JSON.stringify({ version: stored.version, loadedAt: stored.loadedAt, loadedBy: stored.loadedBy, agreement: a }, null, 2));
        console.log(`held as version ${stored.version}, loaded ${stored.loadedAt} by ${stored.loadedBy}`);
        console.log(formatProvisionTable(a, { full: opts.full === true }));
        const geometry = await listGeometries(ctx.store.db, id, opts.asOf);
        if (geometry.length) {
          console.log('\nlines and zones:');
          for (const g of geometry) console.log(`  ${g.name} (${g.kind}, v${g.version}${g.validFrom ? `, from ${g.validFrom}` : ''}): ${g.geojson ? 'loaded' : 'declared, no coordinates yet'}`);
        }
      });
    });

  agreement
    .command('geometry')
    .description('store a new version of one of an agreement\'s lines or zones from a GeoJSON file (e.g. the yellow line as redrawn)')
    .argument('<id>', 'agreement id')
    .argument('<name>', 'the line or zone as the agreement names it')
    .argument('<file>', 'GeoJSON: a geometry, a Feature, or a FeatureCollection with one feature')
    .option('--valid-from <date>', 'when this version took effect (default: always)')
    .option('--why <reason>', 'reason recorded in the audit log')
    .action(async (id: string, name: string, file: string, opts: { validFrom?: string; why?: string }, cmd: Command) => {
      const geometry = await readGeometryFile(file);
      await withStore(cmd, async (ctx) => {
        const { agreement: a } = await agreementAsOf(ctx.store, id);
        const validFrom = opts.validFrom ?? null;
        const stored = await redrawGeometry(ctx, a, name, geometry, { validFrom, why: opts.why ?? `geometry from ${file}`, origin: file });
        console.log(`${id} / ${name}: stored as version ${stored.version}${validFrom ? `, valid from ${validFrom}` : ''}`);
      });
    });

  program
    .command('compliance')
    .description('compliance per provision, party and phase: verified and alleged breaches apart, indicators per reporting body')
    .argument('<agreement>', 'agreement id, e.g. gaza-2025')
    .option('--as-of <date>', 'judge as of this date or date-time (default: now)')
    .option('--json', 'print the full report as JSON (each evidence list names its latest 100 incidents and counts all)')
    .option('--evidence <provision>', 'instead, every incident behind one evidence list of this provision (with --party and --list), newest first, one per line')
    .option('--party <party>', 'with --evidence: the obligated party')
    .option('--list <list>', `with --evidence: ${Object.keys(EVIDENCE_LIST_NAMES).join(' | ')}`, 'verified')
    .action(async (id: string, opts: { asOf?: string; json?: boolean; evidence?: string; party?: string; list: string }, cmd: Command) => {
      await withStore(cmd, async (ctx) => {
        if (opts.evidence !== undefined) {
          if (!opts.party) throw new UserError('invalid-input', '--evidence needs --party: the obligated party whose incidents to list', { field: 'party' });
          let after: string | undefined;
          let n = 0;
          do {
            const page = await evidencePage(ctx.store, id, { provision: opts.evidence, party: opts.party, list: opts.list, asOf: opts.asOf, after, limit: EVIDENCE_PAGE_MAX });
            for (const i of page.incidents) console.log(`${i.date}  ${i.id}`);
            n += page.incidents.length;
            after = page.next ?? undefined;
            if (!after) console.error(`${n} incident${n === 1 ? '' : 's'}: ${page.provisionId} × ${page.party}, ${page.list}, as of ${page.asOf}${page.startsAt ? '' : ' (the obligation has not begun)'}`);
          } while (after);
          return;
        }
        // The CLI answers one question and exits: it waits for current figures rather than take a stale copy.
        const { report } = await keptComplianceOf(ctx.store, id, opts.asOf, { waitBelowMs: Infinity });
        const { version, incidentsConsidered, ...rest } = report;
        if (opts.json) return void console.log(JSON.stringify({ ...rest, incidentsConsidered }, null, 2));
        const { agreement } = await agreementAsOf(ctx.store, id, normaliseAsOf(opts.asOf ?? report.asOf));
        console.log(formatComplianceReport(rest, agreement));
        console.log(`\n${incidentsConsidered} incident${incidentsConsidered === 1 ? '' : 's'} considered (verified ones decide breaches; alleged ones are shown beside them)`);
        console.log(`every incident behind a count: truce compliance ${id} --evidence PROVISION --party PARTY --list ${Object.keys(EVIDENCE_LIST_NAMES).join('|')}`);
      });
    });
}

function parseVersion(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError('invalid-input', `${flag} takes a version number (1, 2, …), not "${value}"; \`truce agreement list\` shows the versions held`, { field: flag });
  return n;
}

async function readGeometryFile(file: string): Promise<GeoJsonGeometry> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UserError('invalid-input', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { field: 'file' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UserError('invalid-input', `${file} is not JSON (${(err as Error).message}); give a GeoJSON file`, { field: 'file' });
  }
  return geometryFrom(value, file);
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}


