// `truce incidents [filters] [--json]`: the incidents held, newest first, one page at a time.
import type { Command } from 'commander';
import { invalidInput } from '../../domain/errors.ts';
import { GRADES, WORKFLOW_STATUSES, isOneOf, type Grade, type WorkflowStatus } from '../../domain/grade.ts';
import { isIsoDate } from '../../extract/dates.ts';
import { listIncidents, type IncidentFilter } from '../../store/repositories/incidents.ts';
import { incidentLine } from '../../services/review.ts';
import { withStore } from '../session.ts';

interface IncidentsCliOptions {
  agreement?: string;
  from?: string;
  to?: string;
  status?: string;
  type?: string;
  actor?: string;
  grade?: string;
  provision?: string;
  bbox?: string;
  search?: string;
  limit?: string;
  after?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('incidents')
    .description('list incidents, newest first, with filters')
    .option('--agreement <id>', 'filed under this agreement')
    .option('--from <date>', 'on or after this day (YYYY-MM-DD)')
    .option('--to <date>', 'on or before this day (YYYY-MM-DD)')
    .option('--status <list>', `comma-separated: ${WORKFLOW_STATUSES.join(', ')}`)
    .option('--type <eventType>', 'ACLED event type, e.g. "Explosions/Remote violence"')
    .option('--actor <name>', 'alleged perpetrator or target')
    .option('--grade <grade>', GRADES.join(', '))
    .option('--provision <id>', 'linked to this provision')
    .option('--bbox <w,s,e,n>', 'inside this box (degrees)')
    .option('--search <words>', 'full-text search')
    .option('--limit <n>', 'page size (default 50, at most 1000)')
    .option('--after <cursor>', 'the next page, from the cursor the previous page printed')
    .option('--json', 'print JSON {incidents, next}')
    .action(async (opts: IncidentsCliOptions, cmd: Command) => {
      const filter = filterOf(opts);
      await withStore(cmd, async (ctx) => {
        const page = await listIncidents(ctx.store.db, ctx.store.engine, filter);
        if (opts.json) return console.log(JSON.stringify(page, null, 2));
        if (page.incidents.length === 0) return console.log('no incidents match; widen the filters, or ingest reports with `truce ingest PATH`');
        for (const i of page.incidents) console.log(`${i.id}  ${i.status.padEnd(9)} ${(i.grade ?? '-').padEnd(10)} ${incidentLine(i)}`);
        if (page.next) console.log(`\nmore: --after ${page.next}`);
      });
    });
}

function filterOf(o: IncidentsCliOptions): IncidentFilter {
  const f: IncidentFilter = {};
  for (const k of ['from', 'to'] as const) {
    if (o[k] !== undefined && !isIsoDate(o[k]!)) throw invalidInput(`--${k} "${o[k]}" is not a day; write YYYY-MM-DD`, k);
  }
  if (o.status) {
    const list = o.status.split(',').map((s) => s.trim());
    const bad = list.find((s) => !isOneOf(WORKFLOW_STATUSES, s));
    if (bad) throw invalidInput(`--status "${bad}" is not a status; use ${WORKFLOW_STATUSES.join(', ')}`, 'status');
    f.status = list as WorkflowStatus[];
  }
  if (o.grade !== undefined) {
    if (!isOneOf(GRADES, o.grade)) throw invalidInput(`--grade "${o.grade}" is not a grade; use ${GRADES.join(', ')}`, 'grade');
    f.grade = o.grade as Grade;
  }
  if (o.bbox !== undefined) {
    const n = o.bbox.split(',').map(Number);
    if (n.length !== 4 || n.some((x) => !Number.isFinite(x)) || n[0]! > n[2]! || n[1]! > n[3]!) throw invalidInput(`--bbox "${o.bbox}" must be west,south,east,north in degrees`, 'bbox');
    f.bbox = n as [number, number, number, number];
  }
  if (o.limit !== undefined) {
    const n = Number(o.limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw invalidInput(`--limit "${o.limit}" must be a whole number from 1 to 1000`, 'limit');
    f.limit = n;
  }
  Object.assign(f, {
    ...(o.agreement ? { agreementId: o.agreement } : {}),
    ...(o.from ? { from: o.from } : {}),
    ...(o.to ? { to: o.to } : {}),
    ...(o.type ? { eventType: o.type } : {}),
    ...(o.actor ? { actor: o.actor } : {}),
    ...(o.provision ? { provisionId: o.provision } : {}),
    ...(o.search ? { text: o.search } : {}),
    ...(o.after ? { after: o.after } : {}),
  });
  return f;
}
