// Optimistic locking: an update names the version it was based on, and is refused when someone else has
// changed the row since. The refusal says what to do, so no edit is silently lost.
import { UserError } from '../domain/errors.ts';

export class StaleVersionError extends UserError {
  constructor(what: string, expected: number, current: number) {
    super('stale-version', `${what} was changed by someone else since you read it (you had version ${expected}, it is now version ${current}); reload it and apply your change again`);
  }
}

/** Turns "0 rows updated" into the right error: the row is gone, or its version moved on. */
export function assertUpdated(numUpdated: bigint | number, what: string, expected: number, current: number | undefined): void {
  if (Number(numUpdated) === 1) return;
  if (current === undefined) throw new UserError('not-found', `${what} does not exist (it may have been deleted); check the id`);
  throw new StaleVersionError(what, expected, current);
}
