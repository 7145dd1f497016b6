/**
 * The Rust sources of both templates: formatted (rustfmt), token-free, the std-only
 * helpers compiled and unit-tested with rustc, and the API shapes the crates rely on.
 * (The crates themselves need crates.io, so they are not compiled here.)
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { makeTmp } from "../helpers/tmp.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TEMPLATE = path.join(ROOT, "template");
const AXUM_SRC = path.join(TEMPLATE, "axum/rust/src");
const RUNTIME_SRC = path.join(TEMPLATE, "lambda-runtime/rust/src");
const PREFIX_RS = path.join(TEMPLATE, "base/rust/src/prefix.rs"); // shared by both templates

function rustFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...rustFiles(full));
    else if (entry.name.endsWith(".rs")) out.push(full);
  }
  return out.sort();
}

const read = (file: string): string => fs.readFileSync(file, "utf8");

test("every .rs file under template/ passes rustfmt --check (edition 2021)", (t) => {
  const files = rustFiles(TEMPLATE);
  assert.ok(files.length >= 8, `expected the Rust sources of both templates, found ${files.length}`);
  // rustfmt follows `mod x;` into sibling files, so check each crate as it is generated:
  // template/base/rust/src (shared prefix.rs) laid under template/<name>/rust/src.
  for (const name of ["axum", "lambda-runtime"]) {
    const src = path.join(makeTmp(t), "src");
    fs.cpSync(path.join(TEMPLATE, "base", "rust", "src"), src, { recursive: true });
    fs.cpSync(path.join(TEMPLATE, name, "rust", "src"), src, { recursive: true });
    for (const file of rustFiles(src)) {
      const result = spawnSync("rustfmt", ["--check", "--edition", "2021", file], { encoding: "utf8" });
      assert.equal(result.error, undefined, `rustfmt could not run: ${String(result.error)}`);
      assert.equal(result.status, 0, `rustfmt --check (${name}) ${path.basename(file)}:\n${result.stdout}${result.stderr}`);
    }
  }
});

test("Rust sources carry no template tokens (names come from Cargo.toml only)", () => {
  for (const file of rustFiles(TEMPLATE)) {
    assert.doesNotMatch(read(file), /\{\{/, `${path.relative(ROOT, file)} contains "{{"`);
  }
});

test("both templates get the one prefix.rs from template/base (no copy of it in a template layer)", () => {
  assert.ok(!fs.existsSync(path.join(AXUM_SRC, "prefix.rs")));
  assert.ok(!fs.existsSync(path.join(RUNTIME_SRC, "prefix.rs")));
  assert.match(read(PREFIX_RS), /"GENEZIO_RUST_PATH_PREFIX"/);
});

/** Compiles one std-only module with its #[cfg(test)] tests and runs them. */
function rustcTest(t: { after(fn: () => void): void }, source: string): string {
  const dir = makeTmp(t, "cgr-rustc-");
  const bin = path.join(dir, "tests");
  const compile = spawnSync("rustc", ["--edition", "2021", "--test", "-D", "warnings", source, "-o", bin], {
    encoding: "utf8",
  });
  assert.equal(compile.error, undefined, `rustc could not run: ${String(compile.error)}`);
  assert.equal(compile.status, 0, `rustc --test ${path.relative(ROOT, source)}:\n${compile.stderr}`);
  const run = spawnSync(bin, [], { encoding: "utf8" });
  assert.equal(run.status, 0, `${path.relative(ROOT, source)} tests failed:\n${run.stdout}${run.stderr}`);
  return run.stdout;
}

test("prefix.rs (std only) compiles without warnings and its unit tests pass", (t) => {
  const out = rustcTest(t, PREFIX_RS);
  assert.match(out, /test result: ok\. ([1-9]\d*) passed; 0 failed/);
  assert.match(out, /strip_path_leaves_at_least_a_slash \.\.\. ok/);
});

test("codec.rs (std only) compiles without warnings and its unit tests pass", (t) => {
  const out = rustcTest(t, path.join(RUNTIME_SRC, "codec.rs"));
  assert.match(out, /test result: ok\. ([1-9]\d*) passed; 0 failed/);
  assert.match(out, /base64_round_trips_known_values \.\.\. ok/);
});

test("axum routes use 0.8 path syntax and the router is wrapped before routing", () => {
  const routes = read(path.join(AXUM_SRC, "routes.rs"));
  assert.match(routes, /\.route\("\/", get\(root\)\)/);
  assert.match(routes, /\.route\("\/greet\/\{name\}", get\(greet\)\)/);
  assert.match(routes, /\.route\("\/echo", post\(echo\)\)/);
  assert.doesNotMatch(routes, /route\("[^"]*\/:/, "axum 0.8 panics on /:param routes");
  assert.match(routes, /"Hello rust!"/);
  assert.match(routes, /use tower::ServiceExt;/);
  const app = read(path.join(AXUM_SRC, "app.rs"));
  assert.match(app, /MapRequest::new\(router,/, "the prefix strip must wrap the whole Router (Router::layer runs after routing)");
  const main = read(path.join(AXUM_SRC, "main.rs"));
  assert.match(main, /use lambda_http::\{run, tracing, Body, Error\};/);
  assert.match(main, /run\(app\)\.await/);
  assert.match(main, /prefix::from_env\(\)/);
});

test("lambda_runtime main handles LambdaEvent<Value> through service_fn", () => {
  const main = read(path.join(RUNTIME_SRC, "main.rs"));
  assert.match(main, /use lambda_runtime::\{service_fn, tracing, Error, LambdaEvent\};/);
  assert.match(main, /lambda_runtime::run\(service_fn\(/);
  assert.match(main, /event: LambdaEvent<Value>/);
  assert.match(main, /Event::Cron\(cron\)/);
  assert.match(main, /Event::Http\(request\)/);
});
