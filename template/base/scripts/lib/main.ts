/**
 * Runs a script's entry function with the command-line arguments and sets the exit code.
 * `forceExitAfterMs`: once done, exit even if a stray handle would keep Node alive (dev).
 */
export function runMain(main: (argv: readonly string[]) => Promise<number>, options: { forceExitAfterMs?: number } = {}): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      if (options.forceExitAfterMs !== undefined) setTimeout(() => process.exit(code), options.forceExitAfterMs).unref();
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
