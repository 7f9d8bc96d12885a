// `truce agreement validate FILE...` and `truce schema agreement`: checks on agreement files that need no database.
// The store-backed subcommands (load, list, show) and `truce compliance` attach to the same `agreement` command
// from their own files; `commandNamed` lets each file find or create the shared parent without clobbering it.
import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import type { AgreementProblem } from '../../formats/agreement-yaml.ts';
// The agreement format compiles its JSON Schema when loaded: only the commands that use it load it.
const agreementFormat = () => import('../../formats/agreement-yaml.ts');
import { formatProvisionTable } from '../format-agreement.ts';

/** The subcommand `name` of `parent`, created with `description` if no other file has created it yet. */
export function commandNamed(parent: Command, name: string, description: string): Command {
  return parent.commands.find((c) => c.name() === name) ?? parent.command(name).description(description);
}

/** Writes through the command's configured output (stdout by default), so callers and tests can redirect it. */
function print(command: Command, text: string): void {
  const writeOut = command.configureOutput().writeOut;
  if (writeOut) writeOut(text);
  else process.stdout.write(text);
}

interface ValidateOptions {
  table?: boolean;
  full?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  const agreement = commandNamed(program, 'agreement', 'agreements: the promises a ceasefire made (files, versions, provisions)');
  agreement
    .command('validate')
    .description('check agreement YAML files against the published schema and their cross-references; lists every problem as file:line: field — message')
    .argument('<file...>', 'agreement YAML files')
    .option('--table', 'print the provisions of each valid file as a table')
    .option('--full', 'with --table: also print each act, trigger, note and source URL')
    .option('--json', 'print the result as JSON ({file, ok, problems}[]) instead of text')
    .action(async (files: string[], options: ValidateOptions, command: Command) => {
      const { formatProblems, validateAgreementFile } = await agreementFormat();
      const problems: AgreementProblem[] = [];
      const results: Array<{ file: string; ok: boolean; problems: AgreementProblem[] }> = [];
      for (const file of files) {
        const result = await validateAgreementFile(file);
        results.push({ file, ok: result.ok, problems: result.problems });
        if (!result.ok) {
          problems.push(...result.problems);
          continue;
        }
        if (options.json) continue;
        const a = result.agreement;
        const uncertain = a.provisions.filter((p) => p.uncertain).length;
        const geometry = a.geometry ?? [];
        print(
          command,
          `${file}: valid — ${a.id} v${a.version}, ${a.provisions.length} provisions (${uncertain} uncertain), ` +
            `${a.phases.length} phase${a.phases.length === 1 ? '' : 's'}, ${geometry.length} lines/zones (${geometry.filter((g) => g.geojson).length} loaded)\n`,
        );
        if (options.table) print(command, `\n${formatProvisionTable(a, { full: options.full === true })}\n`);
      }
      if (options.json) print(command, `${JSON.stringify(results, null, 2)}\n`);
      if (problems.length > 0) {
        const bad = results.filter((r) => !r.ok).length;
        throw new UserError(
          'invalid-input',
          `${bad} of ${files.length} agreement file${files.length === 1 ? ' is' : 's are'} not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}; schema: truce schema agreement):\n${formatProblems(problems)}`,
          { field: `${problems[0]!.file}:${problems[0]!.line}` },
        );
      }
    });

  const schema = commandNamed(program, 'schema', 'print the published JSON Schemas of Truce file formats');
  schema
    .command('agreement')
    .description('print the JSON Schema agreement YAML files are validated against (point your editor at it)')
    .action(async (_options: unknown, command: Command) => {
      const { agreementSchema } = await agreementFormat();
      print(command, `${JSON.stringify(agreementSchema, null, 2)}\n`);
    });
}
