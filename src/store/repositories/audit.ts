// The audit log table. Appending goes through `appendAudit` only, inside the caller's transaction, so a change
// and its audit event are committed together or not at all.
import type { AuditAction, AuditEvent } from '../../domain/audit.ts';
import { auditHash } from '../../domain/audit.ts';
import type { Queryable, Tx } from '../connect.ts';
import type { Engine } from '../engine.ts';
import { fromJson, toJson } from '../json.ts';
import type { AuditEventsTable } from '../schema.ts';

export interface NewAuditEvent {
  at: string;
  actor: string;
  entity: string;
  entityId: string;
  action: AuditAction;
  old: Record<string, unknown> | null;
  new: Record<string, unknown> | null;
  why: string | null;
}

/**
 * Makes the calling write transaction the only writer until it commits. Check-then-insert steps (the next version
 * number, "already held?") are then safe without retry loops. SQLite has one writer by construction (BEGIN
 * IMMEDIATE, see connect.ts); on PostgreSQL the audit head row's lock plays that part, taken before any read.
 */
export async function takeWriteLock(tx: Tx, engine: Engine): Promise<void> {
  if (engine === 'postgres') await tx.selectFrom('auditHead').select('seq').where('id', '=', 1).forUpdate().execute();
}

export async function appendAudit(tx: Tx, e: NewAuditEvent): Promise<AuditEvent> {
  // Bumping the head row first takes its row lock (PostgreSQL) or the write lock (SQLite): concurrent writers
  // queue here, so the chain never forks.
  const head = await tx
    .updateTable('auditHead')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const seq = Number(head.seq);
  const event = { ...e, seq };
  const hash = auditHash(head.hash, event);
  await tx
    .insertInto('auditEvents')
    .values({ seq, at: e.at, actor: e.actor, entity: e.entity, entityId: e.entityId, action: e.action, old: e.old ? toJson(e.old) : null, new: e.new ? toJson(e.new) : null, why: e.why, prevHash: head.hash, hash })
    .execute();
  await tx.updateTable('auditHead').set({ hash }).where('id', '=', 1).execute();
  return { ...event, prevHash: head.hash, hash };
}

function fromRow(r: AuditEventsTable): AuditEvent {
  return {
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    entity: r.entity,
    entityId: r.entityId,
    action: r.action as AuditAction,
    old: fromJson(r.old, null),
    new: fromJson(r.new, null),
    why: r.why,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

export async function historyOf(db: Queryable, entity: string, entityId: string): Promise<AuditEvent[]> {
  const rows = await db.selectFrom('auditEvents').selectAll().where('entity', '=', entity).where('entityId', '=', entityId).orderBy('seq').execute();
  return rows.map(fromRow);
}

/** Every event in order, read in pages so a long log never sits in memory at once. */
export async function* allAuditEvents(db: Queryable, pageSize = 5000): AsyncGenerator<AuditEvent> {
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('auditEvents').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
    for (const r of rows) yield fromRow(r);
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1]!.seq);
  }
}

export async function auditHeadOf(db: Queryable): Promise<{ seq: number; hash: string }> {
  const h = await db.selectFrom('auditHead').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { seq: Number(h.seq), hash: h.hash };
}
