/**
 * The bin: run(argv) → exit code. Ask everything first, then write; handles signals.
 */
import fs from "node:fs";
import nodePath from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, UsageError } from "./cli/args.js";
import { CancelError, createPrompter } from "./cli/prompts.js";
import { NameError } from "./names.js";
import { MissingAnswerError, resolveOptions, TargetRefusedError, type Options } from "./options.js";
import { buildPlan } from "./plan.js";
import { detectPackageManager, initGit, invocationFor, installCommand, nextSteps, runInstall } from "./post.js";
import { cdCommand } from "./paths.js";
import { RenderError } from "./render.js";
import { loadLayer } from "./template-source.js";
import { ARCH_CHOICES } from "./templates.js";
import { helpCommand, helpText, makeColors, serverInstallHint, shouldUseColor } from "./ui.js";
import { inspectTarget, targetRefusal, WriteError, WriteTransaction } from "./write.js";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));

function readVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(nodePath.join(packageRoot, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** Test hook: pause at a named stage (printing "HOLD <stage>") until a signal arrives. */
async function holdIfAsked(stage: string): Promise<void> {
  if (process.env.CREATE_GENEZIO_RUST_TEST_HOLD !== stage) return;
  process.stderr.write(`HOLD ${stage}\n`);
  await new Promise<never>(() => setInterval(() => undefined, 60_000));
}

export async function run(argv: readonly string[]): Promise<number> {
  const env = process.env;
  const out = process.stdout;
  const c = makeColors(shouldUseColor(out.isTTY === true, env));
  const errc = makeColors(shouldUseColor(process.stderr.isTTY === true, env));
  const fail = (message: string): number => {
    process.stderr.write(`${errc.red("✖")} ${message}\n`);
    return 1;
  };

  let raw;
  try {
    raw = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return fail(`${e.message}\n  Run ${helpCommand(invocationFor(env.npm_config_user_agent))} for usage.`);
    throw e;
  }
  const version = readVersion();
  if (raw.help) {
    out.write(helpText(version));
    return 0;
  }
  if (raw.version) {
    out.write(`${version}\n`);
    return 0;
  }

  const interactive = process.stdin.isTTY === true && out.isTTY === true && !env.CI && !raw.yes;
  let transaction: WriteTransaction | undefined;
  let phase: "ask" | "write" | "post" = "ask";
  let options: Options | undefined;
  /** Message + exit code for a signal; the project stays once it is in place (only the install was stopped). */
  const stopped = (signal: NodeJS.Signals): number => {
    if (phase === "write") transaction?.rollback();
    if (phase === "post" && options) {
      process.stderr.write(`\n${errc.yellow("!")} Stopped by ${signal}. The project is in ${options.targetDir}; finish with:\n  ${cdCommand(process.cwd(), options.targetDir)} && ${installCommand(detectPackageManager(env.npm_config_user_agent))}\n`);
    } else {
      process.stderr.write(`\n${errc.yellow("!")} Cancelled by ${signal}: nothing was written.\n`);
    }
    return signal === "SIGINT" ? 130 : 143;
  };
  let finished = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    // After run() has settled the process is exiting on its own: a late signal changes nothing.
    if (!finished) process.exit(stopped(signal));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    options = await resolveOptions(raw, {
      interactive,
      prompter: interactive ? createPrompter(process.stdin, out, c) : undefined,
      cwd: process.cwd(),
      invocation: invocationFor(env.npm_config_user_agent),
      checkTarget: (target) => targetRefusal(inspectTarget(target), target, raw.overwrite),
    });

    const templateRoot = nodePath.join(packageRoot, "template");
    const base = loadLayer(templateRoot, "base");
    if (base.length === 0) return fail(`No templates found in ${templateRoot}.\n  Fix: reinstall create-genezio-rust (the package is incomplete).`);
    const plan = buildPlan(options, base, loadLayer(templateRoot, options.template));

    const n = options.names;
    out.write(
      `\nScaffolding ${c.bold(n.projectName)} in ${options.targetDir}\n` +
        `  npm package ${n.packageName} · crate ${n.crateName} · Genezio project ${n.genezioName} · class ${n.className}\n` +
        `  template ${options.template} · arch ${ARCH_CHOICES[options.arch].arches.join(" + ")} · toolchain ${options.toolchain} · region ${options.region}\n`,
    );

    phase = "write";
    transaction = new WriteTransaction(options.targetDir);
    await transaction.write(plan, { afterRender: () => holdIfAsked("after-render") });
    phase = "post";
    out.write(`${c.green("✔")} Wrote ${plan.length} files.\n`);

    const pm = detectPackageManager(env.npm_config_user_agent);
    let installed = false;
    if (options.install) {
      if (env.CREATE_GENEZIO_RUST_SKIP_INSTALL === "1") {
        out.write(`${c.dim("Skipping install (CREATE_GENEZIO_RUST_SKIP_INSTALL=1).")}\n`);
      } else {
        out.write(`Installing dependencies with ${pm}…\n`);
        const result = await runInstall(pm, options.targetDir);
        if (result.ok) {
          installed = true;
          out.write(`${c.green("✔")} Dependencies installed.\n`);
        } else if (result.signal === "SIGINT" || result.signal === "SIGTERM") {
          return stopped(result.signal);
        } else {
          process.stderr.write(`${errc.yellow("!")} Install failed: ${result.reason}. The project is kept; retry with:\n  ${cdCommand(process.cwd(), options.targetDir)} && ${installCommand(pm)}\n`);
        }
      }
    }
    if (options.git) {
      const g = initGit(options.targetDir);
      if (g.kind === "committed") out.write(`${c.green("✔")} Created a git repository with a first commit.\n`);
      else out.write(`${c.dim(`git: ${g.kind === "initialized" ? "initialized, but " : "skipped: "}${g.reason}.`)}\n`);
    }

    const steps = nextSteps({ cwd: process.cwd(), target: options.targetDir, pm, installed });
    out.write(`\n${c.bold("Done. Now run:")}\n${steps.map((s) => `  ${s}`).join("\n")}\n`);
    const hint = serverInstallHint(pm);
    if (hint !== undefined) out.write(`${c.yellow("!")} ${hint}\n`);
    return 0;
  } catch (e) {
    if (phase === "write") transaction?.rollback();
    if (e instanceof CancelError) {
      process.stderr.write(`${errc.yellow("!")} ${e.message}\n`);
      return 130;
    }
    if (e instanceof MissingAnswerError || e instanceof NameError || e instanceof TargetRefusedError || e instanceof WriteError || e instanceof RenderError) {
      return fail(e.message);
    }
    return fail(`Failed: ${(e as Error).message ?? String(e)}${phase === "write" ? "\n  Nothing was left behind." : ""}`);
  } finally {
    finished = true;
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`Unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
