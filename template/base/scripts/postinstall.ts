// Runs after every install (package.json "postinstall"): writes the empty embedded module if
// there is none (so the project type-checks before the first build), and says so when
// genezio would not find the server's dependencies (see scripts/lib/server-deps.ts).
import { relative } from "node:path";
import { ensureStub } from "./lib/embed.js";
import { embeddedModulePath, findProjectRoot } from "./lib/project.js";
import { serverDepsProblem } from "./lib/server-deps.js";
import { step } from "./lib/ui.js";

try {
  const root = findProjectRoot(process.cwd());
  const embeddedModule = embeddedModulePath(root);
  if (ensureStub(embeddedModule)) step("postinstall", `wrote the empty ${relative(root, embeddedModule)} (nothing built yet)`);
  const problem = serverDepsProblem(root);
  if (problem) console.warn(`postinstall: warning: ${problem.reason}\n  fix: ${problem.fix}`);
} catch (error) {
  // An install must never fail over this; say what happened and how to redo it.
  console.error(`postinstall: ${(error as Error).message}\n  run it again with: npx tsx scripts/postinstall.ts`);
}
