// The `truce` command line. Each command lives in ./commands/<name>.ts and exports `register(program)`;
// this file only wires them together and turns every failure into one line a user can act on.
import { Command, CommanderError } from 'commander';
import { UserError } from '../domain/errors.ts';
import { registerAll } from './commands/index.ts';

export function buildProgram(): Command {
  const program = new Command('truce')
    .description('Truce: ceasefire monitoring and verification')
    .option('--database <file-or-url>', 'SQLite file path or postgres:// URL (default: $TRUCE_DATABASE or ./truce-data/truce.db)')
    .option('--as <user>', 'who is acting, for the audit log (default: $TRUCE_USER or your login name)')
    .option('--verbose', 'print stack traces and debug detail on errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (str, write) => write(str) })
    .exitOverride();
  program.configureHelp({ sortSubcommands: true });
  registerAll(program);
  return program;
}

/** Runs the CLI and returns the process exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    // A command that finished its work but has something to report (some files failed) sets process.exitCode.
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already printed its message; help and version are successful exits.
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
    }
    const verbose = program.opts().verbose === true || process.env.TRUCE_VERBOSE === '1';
    if (err instanceof UserError) {
      process.stderr.write(`truce: ${err.message}\n`);
      if (verbose && err.cause) process.stderr.write(`${String((err.cause as Error).stack ?? err.cause)}\n`);
      return err.exitCode;
    }
    const e = err as Error;
    process.stderr.write(`truce: unexpected error: ${e?.message ?? String(err)}${verbose ? '' : ' (run with --verbose for details)'}\n`);
    if (verbose) process.stderr.write(`${e?.stack ?? ''}\n`);
    return 1;
  }
}
