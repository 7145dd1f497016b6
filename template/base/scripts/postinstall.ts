// Runs after every install (package.json "postinstall"): writes the empty embedded module if
// there is none (so the project type-checks before the first build) and makes
// server/node_modules visible to genezio (see scripts/lib/server-modules.ts).
import { relative } from "node:path";
import { ensureStub } from "./lib/embed.js";
import { embeddedModulePath, findProjectRoot } from "./lib/project.js";
import { ensureServerModules } from "./lib/server-modules.js";
import { step } from "./lib/ui.js";

try {
  const root = findProjectRoot(process.cwd());
  const embeddedModule = embeddedModulePath(root);
  if (ensureStub(embeddedModule)) step("postinstall", `wrote the empty ${relative(root, embeddedModule)} (nothing built yet)`);
  const linked = ensureServerModules(root);
  if (linked.action === "linked") step("postinstall", `linked server/node_modules -> ${linked.target} (genezio bundles from server/)`);
  if (linked.action === "linked-scopes") step("postinstall", `linked ${linked.links.map((l) => relative(root, l)).join(", ")} (genezio bundles from server/)`);
} catch (error) {
  // An install must never fail over this; say what happened and how to redo it.
  console.error(`postinstall: ${(error as Error).message}\n  run it again with: npx tsx scripts/postinstall.ts`);
}
