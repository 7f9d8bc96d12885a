// The list of commands. Adding a command = a file in this folder + one line here.
import type { Command } from 'commander';
import { register as backup } from './backup.ts';
import { register as init } from './init.ts';
import { register as serve } from './serve.ts';
import { register as status } from './status.ts';
import { register as verify } from './verify.ts';
import { register as agreement } from './agreement.ts';
import { register as agreementStore } from './agreement-store.ts';
import { register as extract } from './extract.ts';
import { register as user } from './user.ts';
import { register as release } from './release.ts';
import { register as tallies } from './tallies.ts';
import { register as importCmd } from './import.ts';
import { register as ingest } from './ingest.ts';
import { register as review } from './review.ts';
import { register as incidents } from './incidents.ts';
import { register as report } from './report.ts';
import { register as exportCmd } from './export.ts';
import { register as series } from './series.ts';

type Register = (program: Command) => void;
const commands: Register[] = [backup, agreement, agreementStore, init, serve, status, verify, extract, user, release, tallies, ingest, review, incidents, report, importCmd, exportCmd, series];

export function registerAll(program: Command): void {
  for (const register of commands) register(program);
}
