// `truce review list|show|accept|edit|reject|merge|split|grade|verify|publish`: the review queue from the command
// line. Who acts is --as / $TRUCE_USER (the four-eyes rule compares it with who drafted and last changed a record).
import type { Command } from 'commander';
import { VICTIM_GROUPS, type Estimate, type Toll } from '../../domain/estimate.ts';
import { invalidInput } from '../../domain/errors.ts';
import {
  EDITABLE_FIELDS, accept, claimLine, edit, grade, incidentLine, merge, publish, reject, reviewItem, reviewQueue, split, verify,
  type Changed, type ReviewItem,
} from '../../services/review.ts';
import { withStore } from '../session.ts';

const version = (v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw invalidInput(`--version "${v}" is not a version number; use the version \`truce review show\` printed`, 'version');
  return Number(v);
};

const done = (verb: string, c: Changed) => console.log(`${c.id} ${verb}: now ${c.status} (version ${c.version})`);

export function register(program: Command): void {
  const review = program.command('review').description('the review queue: drafts from ingest become verified incidents');

  review
    .command('list')
    .description('drafts waiting for review: incidents first, then loose claims (tallies, pledges, statements)')
    .option('--incidents', 'only draft incidents')
    .option('--claims', 'only loose draft claims')
    .option('--agreement <id>', 'only incidents filed under this agreement')
    .option('--limit <n>', 'at most this many (default 100)')
    .option('--json', 'print JSON')
    .action(async (opts: { incidents?: boolean; claims?: boolean; agreement?: string; limit?: string; json?: boolean }, cmd: Command) => {
      const limit = opts.limit === undefined ? undefined : Number(opts.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw invalidInput(`--limit "${opts.limit}" must be a positive whole number`, 'limit');
      await withStore(cmd, async (ctx) => {
        const items = await reviewQueue(ctx, { kind: opts.incidents ? 'incidents' : opts.claims ? 'claims' : undefined, agreementId: opts.agreement, limit });
        if (opts.json) return console.log(JSON.stringify(items, null, 2));
        if (items.length === 0) return console.log('the review queue is empty; ingest reports with `truce ingest PATH`');
        for (const i of items) console.log(`${i.id}  ${i.kind.padEnd(10)} ${i.status.padEnd(9)} v${i.version}  ${i.summary}${i.reports > 1 ? `  [${i.reports} reports]` : ''}`);
      });
    });

  review
    .command('show')
    .description('one draft with its claims side by side, evidence in context, possible duplicates and history')
    .argument('<id>', 'incident (inc_…) or claim (clm_…) id')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (ctx) => {
        const item = await reviewItem(ctx, id);
        console.log(opts.json ? JSON.stringify(item, null, 2) : formatItem(item));
      });
    });

  review
    .command('accept')
    .description('accept a draft: an incident moves to review (a second reviewer verifies it); a claim is accepted')
    .argument('<id>')
    .option('--version <n>', 'the version you reviewed (refused if it changed since)')
    .option('--reason <text>', 'a note for the audit log')
    .action(async (id: string, opts: { version?: string; reason?: string }, cmd: Command) => {
      await withStore(cmd, async (ctx) => done('accepted', await accept(ctx, id, version(opts.version), opts.reason)));
    });

  review
    .command('reject')
    .description('reject a draft incident (with its draft claims) or a claim; nothing is deleted')
    .argument('<id>')
    .requiredOption('--reason <text>', 'why (kept in the audit log)')
    .option('--version <n>', 'the version you reviewed')
    .action(async (id: string, opts: { version?: string; reason?: string }, cmd: Command) => {
      await withStore(cmd, async (ctx) => done('rejected', await reject(ctx, id, opts.reason, version(opts.version))));
    });

  review
    .command('edit')
    .description(`change fields: incidents ${EDITABLE_FIELDS.join(', ')}; a claim's body fields`)
    .argument('<id>')
    .option('--set <field=value...>', 'e.g. --set date=2025-10-14 --set location="Khan Younis" --set killed=5 --set killed.civilians=3/4/6 --set actor1=Israel')
    .option('--reason <text>', 'why (kept in the audit log)')
    .option('--version <n>', 'the version you reviewed')
    .action(async (id: string, opts: { set?: string[]; reason?: string; version?: string }, cmd: Command) => {
      const patch = parseAssignments(opts.set ?? [], id.startsWith('inc_'));
      await withStore(cmd, async (ctx) => done('edited', await edit(ctx, id, patch, opts.reason, version(opts.version))));
    });

  review
    .command('grade')
    .description('grade an incident (Airwars: confirmed, fair, weak, contested, discounted) with a reason')
    .argument('<id>')
    .argument('<grade>')
    .requiredOption('--reason <text>', 'why this grade')
    .option('--version <n>', 'the version you reviewed')
    .action(async (id: string, g: string, opts: { reason?: string; version?: string }, cmd: Command) => {
      await withStore(cmd, async (ctx) => done('graded', await grade(ctx, id, g, opts.reason, version(opts.version))));
    });

  review
    .command('verify')
    .description('verify an accepted, graded incident (four eyes: not by who drafted or last changed it)')
    .argument('<id>')
    .option('--reason <text>', 'a note for the audit log')
    .option('--version <n>', 'the version you reviewed')
    .action(async (id: string, opts: { reason?: string; version?: string }, cmd: Command) => {
      await withStore(cmd, async (ctx) => done('verified', await verify(ctx, id, opts.reason, version(opts.version))));
    });

  review
    .command('publish')
    .description('publish a verified incident: it enters the next release (`truce release create`)')
    .argument('<id>')
    .option('--reason <text>', 'a note for the audit log')
    .option('--version <n>', 'the version you reviewed')
    .action(async (id: string, opts: { reason?: string; version?: string }, cmd: Command) => {
      await withStore(cmd, async (ctx) => done('published', await publish(ctx, id, opts.reason, version(opts.version))));
    });

  review
    .command('merge')
    .description('merge a duplicate incident into another: its claims move over, figures become the range over all')
    .argument('<id>', 'the duplicate')
    .requiredOption('--into <id>', 'the incident to keep')
    .option('--reason <text>', 'why they are the same incident')
    .option('--version <n>', 'the version of the duplicate you reviewed')
    .action(async (id: string, opts: { into: string; reason?: string; version?: string }, cmd: Command) => {
      await withStore(cmd, async (ctx) => done(`merged into ${opts.into}; ${opts.into}`, await merge(ctx, id, opts.into, opts.reason, version(opts.version))));
    });

  review
    .command('split')
    .description('split claims off an incident into a new draft incident (two events reported as one)')
    .argument('<id>')
    .requiredOption('--claims <ids>', 'comma-separated claim ids to move to the new incident')
    .option('--reason <text>', 'why they are separate events')
    .option('--version <n>', 'the version you reviewed')
    .action(async (id: string, opts: { claims: string; reason?: string; version?: string }, cmd: Command) => {
      const ids = opts.claims.split(',').map((s) => s.trim()).filter(Boolean);
      await withStore(cmd, async (ctx) => {
        const r = await split(ctx, id, ids, opts.reason, version(opts.version));
        done('split', r.from);
        done('opened', r.to);
      });
    });
}

/** `field=value` pairs into a patch. Tolls take `5`, `3/5/7` (low/best/high) or `3..7`; `killed.civilians=…`
 * sets one victim group; `location=NAME` is placed through the gazetteer; `null` clears a field. */
export function parseAssignments(pairs: string[], incident: boolean): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw invalidInput(`--set "${pair}" must be field=value`, 'set');
    const key = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1).trim();
    const [field, group] = key.split('.', 2) as [string, string | undefined];
    if (incident && (field === 'killed' || field === 'injured')) {
      const toll = (patch[field] as Toll | undefined) ?? {};
      if (group !== undefined && !(VICTIM_GROUPS as readonly string[]).includes(group)) throw invalidInput(`"${group}" is not a victim group; use ${VICTIM_GROUPS.join(', ')}`, key);
      if (raw !== 'null') toll[(group ?? 'unknown') as (typeof VICTIM_GROUPS)[number]] = estimateOf(raw, key);
      patch[field] = toll;
    } else if (incident && field === 'location') {
      patch.location = raw === 'null' ? null : raw;
    } else if (incident && field === 'datePrecision') {
      if (!/^[123]$/.test(raw)) throw invalidInput(`datePrecision must be 1 (day), 2 (week) or 3 (month)`, key);
      patch.datePrecision = Number(raw);
    } else {
      patch[field] = raw === 'null' ? null : /^-?\d+(\.\d+)?$/.test(raw) && !/date/i.test(field) ? Number(raw) : raw;
    }
  }
  return patch;
}

function estimateOf(raw: string, key: string): Estimate {
  const n = (s: string) => {
    if (!/^\d+$/.test(s)) throw invalidInput(`${key}: "${raw}" is not a figure; write 5, 3/5/7 (low/best/high) or 3..7`, key);
    return Number(s);
  };
  let e: Estimate;
  if (raw.includes('/')) {
    const [low, best, high] = raw.split('/');
    e = { low: n(low ?? ''), best: n(best ?? ''), high: n(high ?? '') };
  } else if (raw.includes('..')) {
    const [low, high] = raw.split('..');
    e = { low: n(low ?? ''), best: n(low ?? ''), high: n(high ?? '') };
  } else e = { low: n(raw), best: n(raw), high: n(raw) };
  if (!(e.low <= e.best && e.best <= e.high)) throw invalidInput(`${key}: low ≤ best ≤ high must hold, got ${raw}`, key);
  return e;
}

function formatItem(item: ReviewItem): string {
  const lines: string[] = [];
  if (item.incident) {
    const i = item.incident;
    lines.push(`${i.id}  incident  ${i.status}  version ${i.version}`, `  ${incidentLine(i)}`);
    lines.push(`  type ${i.eventType} / ${i.subEventType}; date precision ${i.datePrecision}; place ${i.location ? `${i.location.name} (${i.location.lat ?? '?'}, ${i.location.lon ?? '?'}; precision ${i.location.precision})` : 'unknown'}`);
    lines.push(`  grade ${i.grade ?? 'none'}${i.gradeReason ? ` — ${i.gradeReason}` : ''}; agreement ${i.agreementId ?? 'none'}${i.provisions.length ? `; may breach ${i.provisions.map((p) => p.provisionId).join(', ')}` : ''}`);
    lines.push(`  drafted by ${i.createdBy}, last changed by ${i.updatedBy}`);
  }
  lines.push('', `Claims (${item.claims.length}), who says what:`);
  for (const { claim, source } of item.claims) {
    lines.push(`  ${claim.id}  ${claim.status.padEnd(8)} ${claimLine(claim)}`);
    lines.push(`      source ${source.id}${source.sensitivity === 'protected' ? ' [protected]' : ''}: ${source.title ?? source.url ?? '(untitled)'}${source.publishedAt ? `, ${source.publishedAt.slice(0, 10)}` : ''}`);
    const ex = item.excerpts.find((e) => e.claimId === claim.id);
    if (ex) lines.push(`      «${ex.text.slice(ex.start, ex.end).replace(/\s+/g, ' ')}»`);
  }
  if (item.duplicates.length) {
    lines.push('', 'Possible duplicates (merge with `truce review merge ID --into OTHER`):');
    for (const d of item.duplicates) lines.push(`  ${d.id}  score ${d.score.toFixed(2)}  ${d.reasons.join('; ')}`);
  }
  lines.push('', 'History:');
  for (const e of item.history) lines.push(`  ${e.at}  ${e.actor}  ${e.action}${e.why ? `  — ${e.why}` : ''}`);
  return lines.join('\n');
}
