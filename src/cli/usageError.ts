/**
 * The user asked for something Baton cannot do as asked: a bad flag or argument, an unknown
 * sprint, a missing config folder. The CLI prints the message to stderr and exits 2;
 * `showUsageHint` adds "Run `baton <cmd> --help`" for mistakes in the command line itself.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly showUsageHint: boolean;

  constructor(message: string, options: { showUsageHint?: boolean } = {}) {
    super(message);
    this.showUsageHint = options.showUsageHint ?? true;
  }

  static is(error: unknown): error is UsageError {
    return error instanceof UsageError;
  }
}
