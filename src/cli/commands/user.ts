// truce user add|list|disable|password|token: the people who work in Truce, their passwords and API tokens.
// Passwords are read from standard input (--password-stdin) or $TRUCE_PASSWORD, never from the command line,
// where other users of the machine could see them in the process list.
import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import { ROLES } from '../../domain/user.ts';
import { TOKEN_SCOPES, createToken, listTokens, revokeToken, setPassword, type TokenScope } from '../../services/auth.ts';
import { addUser, findUser, listUsers, setDisabled } from '../../services/users.ts';
import { withStore } from '../session.ts';

async function readPassword(opts: { passwordStdin?: boolean }): Promise<string | null> {
  if (opts.passwordStdin) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    const pw = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
    if (!pw) throw new UserError('invalid-input', 'no password came on standard input');
    return pw;
  }
  return process.env.TRUCE_PASSWORD || null;
}

export function register(program: Command): void {
  const user = program.command('user').description('manage users, passwords and API tokens');

  user
    .command('add <name>')
    .description('add a user (password from --password-stdin or $TRUCE_PASSWORD; without one they cannot sign in yet)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--party <actorId>', 'for a liaison: the party they speak for')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (name: string, opts: { role: string; party?: string; passwordStdin?: boolean }, cmd: Command) => {
      const password = await readPassword(opts);
      await withStore(cmd, async (ctx) => {
        const u = await addUser(ctx, { name, role: opts.role, partyId: opts.party ?? null, password });
        console.log(`added ${u.name} (${u.role}${u.partyId ? ` for ${u.partyId}` : ''}), id ${u.id}${password ? '' : '; set a password with `truce user password`'}`);
      });
    });

  user
    .command('list')
    .description('list users')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (ctx) => {
        const users = await listUsers(ctx.store.db);
        if (opts.json) return console.log(JSON.stringify(users, null, 2));
        if (users.length === 0) return console.log('no users yet; add one with `truce user add NAME --role admin --password-stdin`');
        const w = Math.max(...users.map((u) => u.name.length));
        for (const u of users) console.log(`${u.name.padEnd(w)}  ${u.role.padEnd(8)}  ${u.partyId ?? '-'}${u.disabled ? '  (disabled)' : ''}`);
      });
    });

  user
    .command('disable <name>')
    .description('disable a user: their sessions and tokens stop working at once')
    .option('--enable', 're-enable instead')
    .option('--why <text>', 'reason, kept in the audit log')
    .action(async (name: string, opts: { enable?: boolean; why?: string }, cmd: Command) => {
      await withStore(cmd, async (ctx) => {
        const u = await setDisabled(ctx, (await findUser(ctx, name)).id, !opts.enable, opts.why);
        console.log(`${u.name} is ${u.disabled ? 'disabled' : 'enabled'}`);
      });
    });

  user
    .command('password <name>')
    .description('set a password (from --password-stdin or $TRUCE_PASSWORD)')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (name: string, opts: { passwordStdin?: boolean }, cmd: Command) => {
      const password = await readPassword(opts);
      if (!password) throw new UserError('invalid-input', 'give the password on standard input with --password-stdin, or in $TRUCE_PASSWORD');
      await withStore(cmd, async (ctx) => {
        await setPassword(ctx, name, password);
        console.log(`password set for ${name}`);
      });
    });

  user
    .command('token <name>')
    .description('create an API token for a user (printed once), list their tokens, or revoke one')
    .option('--scope <scope>', `${TOKEN_SCOPES.join(' or ')}`, 'read')
    .option('--label <text>', 'what uses the token', 'cli')
    .option('--list', 'list the user’s tokens instead')
    .option('--revoke <tokenId>', 'revoke this token instead')
    .action(async (name: string, opts: { scope: string; label: string; list?: boolean; revoke?: string }, cmd: Command) => {
      await withStore(cmd, async (ctx) => {
        const u = await findUser(ctx, name);
        if (opts.revoke) {
          const t = await revokeToken(ctx, opts.revoke, u.id);
          return console.log(`revoked token ${t.id} (${t.name})`);
        }
        if (opts.list) {
          for (const t of await listTokens(ctx.store.db, u.id)) console.log(`${t.id}  ${t.scope.padEnd(5)}  ${t.name}  created ${t.createdAt}${t.revokedAt ? `  revoked ${t.revokedAt}` : ''}`);
          return;
        }
        const { token, secret } = await createToken(ctx, u.id, opts.label, opts.scope as TokenScope);
        console.error(`token ${token.id} (${token.scope}) for ${u.name}; it is shown once — send it as "Authorization: Bearer <token>":`);
        console.log(secret);
      });
    });
}
