/** One way for every script to report a failure it did not expect to handle itself. */

import { UsageError } from "./args.js";
import { ProjectError } from "./project.js";
import { fail } from "./ui.js";

/** Print a usage/project/unexpected error; returns exit code 1. */
export function reportError(script: string, error: unknown): number {
  if (error instanceof UsageError) fail(script, error.message);
  else if (error instanceof ProjectError) fail(script, error.message, error.fix);
  else fail(script, error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 1;
}
