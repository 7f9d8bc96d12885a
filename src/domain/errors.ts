// Errors a user can act on. Every message says what went wrong, where, and what to do next.
// Interfaces (CLI, HTTP) print `message` as is and map `code` to an exit code or HTTP status.

export type ErrorCode =
  | 'invalid-input'
  | 'not-found'
  | 'conflict'
  | 'stale-version'
  | 'unauthenticated'
  | 'forbidden'
  | 'too-many-requests'
  | 'database-unavailable';

export class UserError extends Error {
  readonly code: ErrorCode;
  /** The field or location the error is about (`file:line`, a field name), when there is one. */
  readonly field: string | undefined;
  constructor(code: ErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.code = code;
    this.field = options.field;
  }
  get exitCode(): number {
    return this.code === 'invalid-input' ? 2 : this.code === 'database-unavailable' ? 3 : 1;
  }
}

export const invalidInput = (message: string, field?: string) =>
  new UserError('invalid-input', message, field === undefined ? {} : { field });
export const notFound = (message: string) => new UserError('not-found', message);
