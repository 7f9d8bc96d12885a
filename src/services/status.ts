// Counts of everything held, for `truce status` and GET /api/status.
import type { Queryable } from '../store/connect.ts';
import { auditHeadOf } from '../store/repositories/audit.ts';

export interface StoreStatus {
  agreements: number;
  provisions: number;
  actors: number;
  users: number;
  sourceDocuments: { total: number; protected: number };
  claims: Record<string, number>;
  incidents: Record<string, number>;
  series: number;
  seriesPoints: number;
  auditEvents: number;
  auditHead: string;
}

async function count(db: Queryable, table: 'actors' | 'users' | 'series' | 'seriesPoints' | 'sourceDocuments'): Promise<number> {
  const r = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function countBy(db: Queryable, table: 'claims' | 'incidents'): Promise<Record<string, number>> {
  const rows = await db.selectFrom(table).select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').orderBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function storeStatus(db: Queryable): Promise<StoreStatus> {
  const latest = await db
    .selectFrom('agreements as a')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('a.version', '=', (eb) => eb.selectFrom('agreements as b').select((e) => e.fn.max('b.version').as('v')).whereRef('b.id', '=', 'a.id'))
    .executeTakeFirstOrThrow();
  const provisions = await db
    .selectFrom('provisions as p')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('p.agreementVersion', '=', (eb) => eb.selectFrom('agreements as b').select((e) => e.fn.max('b.version').as('v')).whereRef('b.id', '=', 'p.agreementId'))
    .executeTakeFirstOrThrow();
  const protectedDocs = await db.selectFrom('sourceDocuments').select((eb) => eb.fn.countAll().as('n')).where('sensitivity', '=', 'protected').executeTakeFirstOrThrow();
  const head = await auditHeadOf(db);
  return {
    agreements: Number(latest.n),
    provisions: Number(provisions.n),
    actors: await count(db, 'actors'),
    users: await count(db, 'users'),
    sourceDocuments: { total: await count(db, 'sourceDocuments'), protected: Number(protectedDocs.n) },
    claims: await countBy(db, 'claims'),
    incidents: await countBy(db, 'incidents'),
    series: await count(db, 'series'),
    seriesPoints: await count(db, 'seriesPoints'),
    auditEvents: head.seq,
    auditHead: head.hash,
  };
}
