// The audit log table. Appending goes through `appendAudit` only, inside the caller's transaction, so a change
// and its audit event are committed together or not at all.
import type { AuditAction, AuditEvent } from '../../domain/audit.ts';
import { auditHashOfJson, canonicalJson } from '../../domain/audit.ts';
import type { CompiledQuery } from 'kysely';
import type { Queryable, Tx } from '../connect.ts';
import type { Engine } from '../engine.ts';
import { insertRows } from '../bulk.ts';
import { fromJson } from '../json.ts';
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
 * Makes the calling write transaction the only writer until it commits, and returns the audit head it will extend.
 * Check-then-insert steps (the next version number, "already held?") are then safe without retry loops. SQLite
 * has one writer by construction (BEGIN IMMEDIATE, see connect.ts); on PostgreSQL the audit head row's lock plays
 * that part, taken before any read.
 */
export async function takeWriteLock(tx: Tx, engine: Engine): Promise<AuditHead> {
  let q = tx.selectFrom('auditHead').select(['seq', 'hash']).where('id', '=', 1);
  if (engine === 'postgres') q = q.forUpdate();
  const h = await q.executeTakeFirstOrThrow();
  return { seq: Number(h.seq), hash: h.hash };
}

export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * The audit events of one write transaction. The writer holds the lock (takeWriteLock), so the chain is extended
 * in memory and written in multi-row inserts, with the head row updated once at the end: a transaction that
 * records thousands of changes (an import batch) costs a few statements, not three per event.
 */
export class AuditAppender {
  private head: AuditHead;
  private readonly start: AuditHead;
  private pending: AuditEventsTable[] = [];
  constructor(private readonly tx: Tx, head: AuditHead) {
    this.head = head;
    this.start = head;
  }

  async append(e: NewAuditEvent): Promise<AuditEvent> {
    const seq = this.head.seq + 1;
    // Each snapshot serialised once, canonically: the row stores the very text the hash covers.
    const old = e.old ? canonicalJson(e.old) : null;
    const neu = e.new ? canonicalJson(e.new) : null;
    const hash = auditHashOfJson(this.head.hash, { ...e, seq }, old ?? 'null', neu ?? 'null');
    const prevHash = this.head.hash;
    this.pending.push({ seq, at: e.at, actor: e.actor, entity: e.entity, entityId: e.entityId, action: e.action, old, new: neu, why: e.why, prevHash, hash });
    this.head = { seq, hash };
    if (this.pending.length >= 500) await this.flush();
    return { ...e, seq, prevHash, hash };
  }

  /**
   * Writes what is pending and returns the head: the point `rewind` goes back to when the statements since are
   * rolled back (a savepoint, see services/write.ts).
   */
  async mark(): Promise<AuditHead> {
    await this.flush();
    return this.head;
  }

  /** Forgets the events appended since `mark` gave `head` (their rows are rolled back by the caller). */
  rewind(head: AuditHead): void {
    this.pending = [];
    this.head = head;
  }

  /** Writes the pending events and moves the head; called before the transaction commits. */
  async flush(): Promise<void> {
    if (this.pending.length > 0) {
      const rows = this.pending;
      this.pending = [];
      await insertRows(this.tx, 'auditEvents', rows as unknown as Record<string, unknown>[]);
    }
    if (this.head.seq !== this.start.seq) await this.tx.updateTable('auditHead').set({ seq: this.head.seq, hash: this.head.hash }).where('id', '=', 1).execute();
  }
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

// Compiled once per database handle: servers read the head on every cached read (server/read-cache.ts), where
// building and compiling the query cost more than running it.
const headQueries = new WeakMap<Queryable, CompiledQuery<{ seq: number | string; hash: string }>>();

/** The last audit event's sequence number and hash: every change to the record moves it, on whichever server. */
export async function auditHeadOf(db: Queryable): Promise<{ seq: number; hash: string }> {
  let q = headQueries.get(db);
  if (!q) {
    q = db.selectFrom('auditHead').select(['seq', 'hash']).where('id', '=', 1).compile();
    headQueries.set(db, q);
  }
  const h = (await db.executeQuery(q)).rows[0];
  if (!h) throw new Error('the audit_head row is missing: the database was not set up by truce init');
  return { seq: Number(h.seq), hash: h.hash };
}
