// What every database-backed command does first: find the database from --database / TRUCE_DATABASE, open it,
// make sure its schema is current, and close it again however the command ends.
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { UserError } from '../domain/errors.ts';
import { type Store, isMigrated, migrate, openStore, resolveDatabase } from '../store/connect.ts';
import { type Context, systemContext } from '../services/context.ts';

export interface GlobalOptions {
  database?: string;
  as?: string;
  verbose?: boolean;
}

export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/** Who is acting: --as, then $TRUCE_USER, then the login name. */
export function actingUser(opts: GlobalOptions): string {
  const name = opts.as ?? process.env.TRUCE_USER ?? safeLoginName();
  if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(name)) throw new UserError('invalid-input', `"${name}" is not a usable user name (letters, digits, . _ @ - only); pass --as NAME`);
  return name;
}

function safeLoginName(): string {
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

/**
 * Opens the store for a command. `create` makes a missing SQLite file and migrates (init, serve --init);
 * otherwise the database must already have been set up with `truce init`.
 */
export async function withStore<T>(cmd: Command, fn: (ctx: Context) => Promise<T>, options: { create?: boolean } = {}): Promise<T> {
  const opts = globalOptions(cmd);
  const location = resolveDatabase(opts.database);
  const store: Store = await openStore(location, { create: options.create ?? false });
  try {
    if (options.create) await migrate(store);
    else if (!(await isMigrated(store))) {
      throw new UserError('database-unavailable', `${store.describe} has no Truce data yet; run \`truce init\` first`);
    } else await migrate(store);
    return await fn(systemContext(store, actingUser(opts)));
  } finally {
    await store.close();
  }
}
