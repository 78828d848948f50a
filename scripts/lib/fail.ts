// Ends a command-line script on an expected failure: its message, no stack trace, exit code 1.
export function fail(error: unknown): never {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
