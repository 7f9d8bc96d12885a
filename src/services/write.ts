// The single path for changing data: a transaction in which the change and its audit event are written
// together. Services call `write`; nothing else opens write transactions.
import type { AuditAction } from '../domain/audit.ts';
import { diffFields } from '../domain/audit.ts';
import { UserError } from '../domain/errors.ts';
import { sql } from 'kysely';
import type { Tx } from '../store/connect.ts';
import type { Engine } from '../store/engine.ts';
import { AuditAppender, takeWriteLock } from '../store/repositories/audit.ts';
import { StaleVersionError } from '../store/versioning.ts';
import type { Context } from './context.ts';

export interface Write {
  tx: Tx;
  at: string;
  actor: string;
  /** Which database engine the transaction runs on (for the few queries that differ, e.g. full-text search). */
  engine: Engine;
  /** A fresh id from the context's id source. */
  newId(prefix: string): string;
  audit(entity: string, entityId: string, action: AuditAction, old: Record<string, unknown> | null, neu: Record<string, unknown> | null, why?: string | null): Promise<void>;
}

let committed = 0;
/**
 * How many writes this process has committed (it only grows). What a process keeps from the database for a moment
 * (verified credentials, services/auth.ts) is dropped when it moves, so a change made here is seen here at once.
 */
export const localWrites = (): number => committed;

export async function write<T>(ctx: Context, fn: (w: Write) => Promise<T>): Promise<T> {
  try {
    return await writeOnce(ctx, fn);
  } catch (err) {
    throw readOnlyRefusal(ctx, err);
  }
}

/** PostgreSQL's read_only_sql_transaction (pointed at a read replica, or a server in read-only mode) said plainly. */
function readOnlyRefusal(ctx: Context, err: unknown): unknown {
  if ((err as { code?: string }).code !== '25006') return err;
  return new UserError('database-unavailable', `${ctx.store.describe} accepts no changes (it is read-only, e.g. a replica); nothing was changed: make changes through the primary database`, { cause: err });
}

async function writeOnce<T>(ctx: Context, fn: (w: Write) => Promise<T>): Promise<T> {
  const at = ctx.now();
  try {
    return await inTransaction(ctx, at, fn);
  } finally {
    // Counted whether it committed or not: a failed commit may still have landed, and dropping kept copies is safe.
    committed++;
  }
}

async function inTransaction<T>(ctx: Context, at: string, fn: (w: Write, log: AuditAppender) => Promise<T>): Promise<T> {
  return ctx.store.db.transaction().execute(async (tx) => {
    const log = new AuditAppender(tx, await takeWriteLock(tx, ctx.store.engine));
    const result = await fn(
      {
        tx,
        at,
        actor: ctx.actor,
        engine: ctx.store.engine,
        newId: (prefix) => ctx.newId(prefix),
        audit: async (entity, entityId, action, old, neu, why = null) => {
          await log.append({ at, actor: ctx.actor, entity, entityId, action, old, new: neu, why: why ?? null });
        },
      },
      log,
    );
    // The change and its audit events commit together, or (on any error above) neither does.
    await log.flush();
    return result;
  });
}

/**
 * Runs a step inside a `writeInSteps` transaction: its changes and audit events stay if it returns, and are undone
 * (the transaction going on without them) if it throws; the error is passed on.
 */
export type Step = <T>(fn: (w: Write) => Promise<T>) => Promise<T>;

/**
 * One transaction made of steps, each under a savepoint: a step that fails is rolled back alone, and the caller may
 * retry its parts as further steps. An import commits several batches of rows together this way (fewer commits,
 * each page of an index written once for several batches) while each batch is read, written and let go in turn,
 * and a row the store refuses still costs only its own batch a retry. What commits is all-or-nothing as in `write`.
 */
export async function writeInSteps<T>(ctx: Context, fn: (step: Step) => Promise<T>): Promise<T> {
  try {
    return await inTransaction(ctx, ctx.now(), (w, log) => {
      let n = 0;
      const step: Step = async (inner) => {
        const head = await log.mark();
        const name = sql.raw(`step_${++n}`);
        await sql`SAVEPOINT ${name}`.execute(w.tx);
        try {
          const result = await inner(w);
          await log.mark();
          await sql`RELEASE SAVEPOINT ${name}`.execute(w.tx);
          return result;
        } catch (err) {
          await sql`ROLLBACK TO SAVEPOINT ${name}`.execute(w.tx);
          await sql`RELEASE SAVEPOINT ${name}`.execute(w.tx);
          log.rewind(head);
          throw err;
        }
      };
      return fn(step);
    });
  } catch (err) {
    throw readOnlyRefusal(ctx, err);
  } finally {
    // Counted whether it committed or not, as in `write`.
    committed++;
  }
}

/** A record as held: it has an id and a version for optimistic locking. */
export interface Versioned {
  id: string;
  version: number;
}

/**
 * Loads a record, checks the caller saw its current version, applies `patch`, saves it and records the changed
 * fields (old and new) as one audit event. Returns the record as saved (version + 1).
 */
export async function changeRecord<T extends Versioned>(
  w: Write,
  spec: {
    entity: string;
    id: string;
    expectedVersion: number;
    load: (tx: Tx, id: string) => Promise<T | undefined>;
    save: (tx: Tx, next: T) => Promise<void>;
    patch: (current: T) => T;
    why?: string | null;
    action?: AuditAction;
  },
): Promise<T> {
  const current = await spec.load(w.tx, spec.id);
  if (!current) throw new UserError('not-found', `${spec.entity} ${spec.id} does not exist; check the id`);
  if (current.version !== spec.expectedVersion) throw new StaleVersionError(`${spec.entity} ${spec.id}`, spec.expectedVersion, current.version);
  const next = { ...spec.patch(current), id: current.id, version: current.version };
  const diff = diffFields(current, next);
  if (Object.keys(diff.new).length === 0) return current;
  await spec.save(w.tx, next);
  await w.audit(spec.entity, spec.id, spec.action ?? 'update', diff.old, diff.new, spec.why ?? null);
  return { ...next, version: current.version + 1 };
}
