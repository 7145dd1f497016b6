/**
 * Target folder rules and the write transaction: render into a temp folder beside the target,
 * then move into place. On failure (or a signal, via rollback()), remove only what this run
 * created and put back any file --overwrite replaced.
 */
import fs from "node:fs";
import nodePath from "node:path";
import type { PlanFile } from "./plan.js";
import { missingAncestors, parentDirs, planPathToNative, tempDirBeside } from "./paths.js";

export type TargetState =
  | { kind: "missing" }
  | { kind: "empty" }
  | { kind: "gitOnly" }
  | { kind: "nonEmpty"; entries: string[] }
  | { kind: "file" }
  | { kind: "parentIsFile"; file: string }
  | { kind: "notWritable"; dir: string; reason: string };

export class WriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WriteError";
  }
}

function isWritable(dir: string): string | undefined {
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? String(e);
  }
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

export function inspectTarget(target: string): TargetState {
  const stat = statOrUndefined(target);
  if (stat === undefined) {
    let ancestor = nodePath.dirname(target);
    for (;;) {
      const s = statOrUndefined(ancestor);
      if (s !== undefined) {
        if (!s.isDirectory()) return { kind: "parentIsFile", file: ancestor };
        const reason = isWritable(ancestor);
        return reason === undefined ? { kind: "missing" } : { kind: "notWritable", dir: ancestor, reason };
      }
      const up = nodePath.dirname(ancestor);
      if (up === ancestor) return { kind: "missing" };
      ancestor = up;
    }
  }
  if (!stat.isDirectory()) return { kind: "file" };
  const reason = isWritable(target);
  if (reason !== undefined) return { kind: "notWritable", dir: target, reason };
  const entries = fs.readdirSync(target).sort();
  if (entries.length === 0) return { kind: "empty" };
  if (entries.length === 1 && entries[0] === ".git") return { kind: "gitOnly" };
  return { kind: "nonEmpty", entries };
}

/** Why the target cannot be used (with the fix), or undefined when it can. */
export function targetRefusal(state: TargetState, target: string, overwrite: boolean): string | undefined {
  switch (state.kind) {
    case "missing":
    case "empty":
    case "gitOnly":
      return undefined;
    case "nonEmpty": {
      if (overwrite) return undefined;
      const shown = state.entries.slice(0, 20).join(", ") + (state.entries.length > 20 ? `, … (${state.entries.length} entries)` : "");
      return `Target folder ${target} is not empty: it holds ${shown}.\n  Fix: choose another folder, or pass --overwrite to replace only the files this template writes (nothing else is deleted).`;
    }
    case "file":
      return `Target ${target} is a file, not a folder.\n  Fix: choose another folder name.`;
    case "parentIsFile":
      return `Cannot create ${target}: ${state.file} is a file, not a folder.\n  Fix: choose a folder whose parents are folders.`;
    case "notWritable":
      return `Cannot write to ${state.dir} (${state.reason}).\n  Fix: choose a folder you can write to, or fix its permissions.`;
  }
}

/** Overwrite conflicts: a plan file whose path (or a parent) is the wrong kind of thing in the target. */
export function overwriteConflicts(target: string, plan: readonly PlanFile[]): string[] {
  const conflicts: string[] = [];
  for (const file of plan) {
    for (const dir of parentDirs(target, file.path)) {
      const s = statOrUndefined(dir);
      if (s !== undefined && !s.isDirectory()) conflicts.push(`${dir} is a file but the template needs a folder there`);
    }
    const s = statOrUndefined(planPathToNative(target, file.path));
    if (s !== undefined && !s.isFile()) conflicts.push(`${planPathToNative(target, file.path)} exists and is not a file`);
  }
  return [...new Set(conflicts)];
}

export interface WriteHooks {
  /** Called once the temp folder is fully rendered, before anything moves into the target. */
  afterRender?: (() => Promise<void>) | undefined;
}

export class WriteTransaction {
  /** Paths this run created, in creation order (removed in reverse on rollback). */
  private readonly created: string[] = [];
  /** [original, backup] pairs of files --overwrite replaced. */
  private readonly backups: Array<[string, string]> = [];
  private tempDir: string | undefined;
  private done = false;

  constructor(private readonly target: string) {}

  async write(plan: readonly PlanFile[], hooks: WriteHooks = {}): Promise<void> {
    const target = this.target;
    const targetExists = statOrUndefined(target) !== undefined;
    if (targetExists) {
      const conflicts = overwriteConflicts(target, plan);
      if (conflicts.length > 0) throw new WriteError(`Cannot write the project into ${target}:\n  ${conflicts.join("\n  ")}\n  Fix: move those out of the way, or choose another folder.`);
    }
    for (const dir of missingAncestors(target, (p) => statOrUndefined(p) !== undefined)) {
      fs.mkdirSync(dir);
      this.created.push(dir);
    }
    const parent = nodePath.dirname(target);
    const tempParent = isWritable(parent) === undefined ? parent : target;
    // mkdtemp appends six random characters and creates the folder atomically.
    const temp = fs.mkdtempSync(tempDirBeside(nodePath.join(tempParent, nodePath.basename(target)), ""));
    this.tempDir = temp;
    const root = nodePath.join(temp, "project");
    fs.mkdirSync(root);
    const made = new Set<string>([root]);
    for (const file of plan) {
      const dest = planPathToNative(root, file.path);
      const dir = nodePath.dirname(dest);
      if (!made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      // Created with the template file's mode, less the user's umask (as any tool that creates files).
      fs.writeFileSync(dest, file.contents, { mode: file.mode });
    }
    await hooks.afterRender?.();

    if (!targetExists) {
      fs.renameSync(root, target);
      this.created.push(target);
    } else {
      const backupRoot = nodePath.join(temp, "backup");
      for (const file of plan) {
        for (const dir of parentDirs(target, file.path)) {
          if (statOrUndefined(dir) === undefined) {
            fs.mkdirSync(dir);
            this.created.push(dir);
          }
        }
        const dest = planPathToNative(target, file.path);
        if (statOrUndefined(dest) !== undefined) {
          const backup = planPathToNative(backupRoot, file.path);
          fs.mkdirSync(nodePath.dirname(backup), { recursive: true });
          fs.renameSync(dest, backup);
          this.backups.push([dest, backup]);
        } else {
          this.created.push(dest);
        }
        fs.renameSync(planPathToNative(root, file.path), dest);
      }
    }
    this.done = true;
    this.removeTemp();
  }

  private removeTemp(): void {
    if (this.tempDir !== undefined) {
      fs.rmSync(this.tempDir, { recursive: true, force: true });
      this.tempDir = undefined;
    }
  }

  /** Undo everything this run did. Safe to call more than once; a no-op after success. */
  rollback(): void {
    if (this.done) return;
    for (const [original, backup] of this.backups.reverse()) {
      try {
        fs.rmSync(original, { force: true });
        fs.renameSync(backup, original);
      } catch {
        // keep going: remove as much of this run's output as possible
      }
    }
    this.backups.length = 0;
    for (const p of this.created.reverse()) fs.rmSync(p, { recursive: true, force: true });
    this.created.length = 0;
    this.removeTemp();
  }
}

