// Which agreement a reported series reports on: the territory its figures cover and the agreements it was
// explicitly linked to. Series held before this migration get a territory where their own record says it (a body
// that reports on one place only, a metric or description naming the place, as the Tech For Palestine import
// writes them); the others keep none and are listed apart until someone links them. Each inferred territory is
// recorded in the audit log like any other change, so `truce verify` finds the rows as their events say.
import type { Kysely, Transaction } from 'kysely';
import type { Tx } from '../connect.ts';
import type { Engine } from '../engine.ts';
import { AuditAppender, takeWriteLock } from '../repositories/audit.ts';

/** Bodies that report on one place only (frozen here: later changes to the importers must not change this run). */
const BODY_TERRITORY: Record<string, string> = { 'gaza-moh': 'gaza-strip', 'gaza-gmo': 'gaza-strip', 'lebanon-moh': 'lebanon' };
const METRIC_PREFIX: [string, string][] = [
  ['gaza.', 'gaza-strip'],
  ['west_bank.', 'west-bank'],
  ['lebanon.', 'lebanon'],
];
const DESCRIPTION_PREFIX: [string, string][] = [
  ['Gaza: ', 'gaza-strip'],
  ['West Bank: ', 'west-bank'],
  ['Lebanon: ', 'lebanon'],
];

export function inferredTerritory(s: { bodyId: string; metric: string; description: string | null }): { territory: string; from: string } | null {
  const body = BODY_TERRITORY[s.bodyId];
  if (body) return { territory: body, from: `its body ${s.bodyId} reports on one place only` };
  for (const [prefix, t] of METRIC_PREFIX) if (s.metric.startsWith(prefix)) return { territory: t, from: `its metric ${s.metric}` };
  for (const [prefix, t] of DESCRIPTION_PREFIX) if (s.description?.startsWith(prefix)) return { territory: t, from: 'its description' };
  return null;
}

export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const run = async (tx: Kysely<any>) => {
    await tx.schema.alterTable('series').addColumn('territory', 'text').execute();
    await tx.schema.alterTable('series').addColumn('agreement_ids', 'text').execute();
    const held = (await tx.selectFrom('series').select(['id', 'bodyId', 'metric', 'description', 'version']).orderBy('id').execute()) as { id: string; bodyId: string; metric: string; description: string | null; version: number | string }[];
    const at = new Date().toISOString();
    let log: AuditAppender | null = null;
    for (const s of held) {
      const found = inferredTerritory(s);
      if (!found) continue;
      log ??= new AuditAppender(tx as unknown as Tx, await takeWriteLock(tx as unknown as Tx, engine));
      await tx.updateTable('series').set({ territory: found.territory, version: Number(s.version) + 1, updatedAt: at }).where('id', '=', s.id).execute();
      await log.append({ at, actor: 'truce-migration', entity: 'series', entityId: s.id, action: 'update', old: { territory: null }, new: { territory: found.territory }, why: `migration 0007: territory read from ${found.from}` });
    }
    await log?.flush();
  };
  // PostgreSQL runs migrations in a transaction already; SQLite's migrator does not, so the columns, the filled
  // territories and their audit events are made one transaction here.
  if (db.isTransaction) await run(db);
  else await db.transaction().execute((tx: Transaction<any>) => run(tx));
}
