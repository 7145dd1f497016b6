export const LINUX_ONLY_AREAS: readonly string[];
export const SEPARATE_AREAS: readonly string[];
export type Mode = "all" | "portable" | "linux";
/** Picks test files from repo-relative POSIX paths; sorted. */
export function selectTestFiles(files: readonly string[], mode: Mode, areas?: readonly string[]): string[];
/** Parses run-tests.mjs arguments; throws with the usage on anything unknown. */
export function parseArgs(argv: readonly string[]): { mode: Mode; list: boolean; concurrency: number; areas: string[] };
/** Every file under `dir` (default "test"), relative to `root`, with forward slashes. */
export function listFiles(root: string, dir?: string): string[];
