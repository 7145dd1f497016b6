// renovate.json: valid for Renovate's published schema, no unknown keys (the schema alone allows
// them), only real datasources/managers/versionings, and — against the real src/versions.ts —
// its regex manager picks up every entry that carries a `renovate:` comment, with the right value.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { Ajv } from "ajv";
import { versions } from "../../src/versions.ts";
import { renovateFacts, repoRoot, type RenovateFacts } from "./lib/renovate-package.ts";

type Json = Record<string, unknown>;
const config = JSON.parse(readFileSync(path.join(repoRoot, "renovate.json"), "utf8")) as Json;
const versionsPath = "src/versions.ts";
const versionsText = readFileSync(path.join(repoRoot, versionsPath), "utf8");

/** Problems Renovate would report or silently ignore; empty when the config is good. */
function configProblems(cfg: Json, facts: RenovateFacts): string[] {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
  const validate = ajv.compile(facts.schema);
  const problems = validate(cfg) ? [] : (validate.errors ?? []).map((e) => `schema: ${e.instancePath || "/"} ${e.message}`);
  const props = facts.schema.properties as Json;
  const defs = facts.schema.definitions as Json;
  const known = (def: string) => {
    const items = (defs[def] as { items?: { allOf?: { properties?: Json }[] } }).items;
    return new Set(Object.keys(items?.allOf?.[0]?.properties ?? {}));
  };
  // "$schema" is for editors; Renovate ignores it.
  for (const key of Object.keys(cfg)) if (!(key in props) && key !== "$schema") problems.push(`unknown option "${key}"`);
  const lists: [string, Set<string>][] = [
    ["customManagers", known("customManagers")],
    // a package rule may also set any repository-level option (groupName, rangeStrategy, ...)
    ["packageRules", new Set([...known("packageRules"), ...Object.keys(props)])],
  ];
  for (const [list, allowed] of lists) {
    for (const [i, item] of ((cfg[list] as Json[] | undefined) ?? []).entries()) {
      for (const key of Object.keys(item)) if (!allowed.has(key)) problems.push(`unknown option ${list}[${i}].${key}`);
      const ids: [unknown, string[], string][] = [
        [item.datasourceTemplate, facts.datasources, "datasource"],
        [item.versioningTemplate, facts.versionings, "versioning"],
        ...((item.matchDatasources as string[] | undefined) ?? []).map((d): [unknown, string[], string] => [d, facts.datasources, "datasource"]),
        ...((item.matchManagers as string[] | undefined) ?? []).map((m): [unknown, string[], string] => [m, facts.managers, "manager"]),
      ];
      for (const [id, valid, kind] of ids) {
        if (typeof id === "string" && !valid.includes(id)) problems.push(`${list}[${i}]: no ${kind} "${id}" in Renovate ${facts.version}`);
      }
    }
  }
  return problems;
}

/** Renovate's managerFilePatterns: "/regex/" is a regex, anything else a glob (only exact paths used here). */
function patternMatches(pattern: string, file: string): boolean {
  const re = /^\/(.*)\/([a-z]*)$/.exec(pattern);
  return re ? new RegExp(re[1] ?? "", re[2]).test(file) : pattern === file;
}

function versionsManager(): { matchStrings: string[] } & Json {
  const managers = (config.customManagers as Json[]).filter((m) =>
    (m.managerFilePatterns as string[]).some((p) => patternMatches(p, versionsPath)),
  );
  assert.equal(managers.length, 1, "exactly one custom manager must cover src/versions.ts");
  return managers[0] as { matchStrings: string[] } & Json;
}

/** What Renovate extracts from a file with a regex manager (matchStrings applied globally). */
function extract(matchStrings: string[], text: string) {
  return matchStrings.flatMap((s) =>
    [...text.matchAll(new RegExp(s, "g"))].map((m) => ({
      depName: m.groups?.depName,
      datasource: m.groups?.datasource,
      currentValue: m.groups?.currentValue,
      index: m.index,
    })),
  );
}

describe("renovate.json", () => {
  const facts = renovateFacts();

  test("is valid for Renovate's schema, with no unknown options or ids", () => {
    assert.deepEqual(configProblems(config, facts), []);
  });

  test("the checks catch a typo, a wrong type and an unknown datasource", () => {
    const broken = structuredClone(config);
    broken.shedule = ["weekly"];
    broken.labels = "dependencies";
    (broken.customManagers as Json[])[0]!.datasourceTemplate = "crates";
    const problems = configProblems(broken, facts);
    assert.ok(problems.some((p) => p.includes('unknown option "shedule"')), problems.join("\n"));
    assert.ok(problems.some((p) => p.startsWith("schema: /labels")), problems.join("\n"));
    assert.ok(problems.some((p) => p.includes('no datasource "crates"')), problems.join("\n"));
  });

  test("matchStrings use only regex syntax that RE2 (Renovate's engine) accepts", () => {
    for (const m of config.customManagers as { matchStrings: string[] }[]) {
      for (const s of m.matchStrings) {
        assert.doesNotMatch(s, /\(\?<[=!]|\(\?[=!]|\\[1-9]/, `lookaround/backreference in ${s}`);
        assert.doesNotThrow(() => new RegExp(s, "g"));
      }
    }
  });
});

describe("renovate.json × src/versions.ts (the real file)", () => {
  const facts = renovateFacts();
  const manager = versionsManager();
  const lineOf = (index: number) => versionsText.slice(0, index).split("\n").length;
  const found = extract(manager.matchStrings, versionsText).map((f) => ({ ...f, line: lineOf(f.index ?? 0) }));
  // Every `key: "value",` entry of the table, with its line.
  const entries = [...versionsText.matchAll(/^\s*([A-Za-z_]\w*): "([^"]*)",(.*)$/gm)].map((m) => ({
    key: m[1] as keyof typeof versions,
    value: m[2],
    comment: m[3] ?? "",
    line: lineOf(m.index),
  }));
  const tracked = entries.filter((e) => /\brenovate:/.test(e.comment));

  test("the file parses into the same entries the module exports", () => {
    assert.deepEqual(
      Object.fromEntries(entries.map((e) => [e.key, e.value])),
      { ...versions },
      'every entry of src/versions.ts must be one `key: "value", // comment` line',
    );
  });

  test("every entry with a renovate: comment is extracted with its current value", () => {
    assert.ok(tracked.length >= 10, `only ${tracked.length} tracked entries`);
    for (const e of tracked) {
      const hit = found.find((f) => f.line === e.line);
      assert.ok(hit, `renovate.json's regex does not match the ${e.key} entry (line ${e.line})`);
      assert.equal(hit.currentValue, versions[e.key], `${e.key}: extracted value`);
      assert.ok(facts.datasources.includes(hit.datasource ?? ""), `${e.key}: datasource "${hit.datasource}" does not exist in Renovate`);
      assert.ok(hit.depName && e.comment.includes(`depName=${hit.depName}`), `${e.key}: depName`);
    }
  });

  test("nothing else is extracted (entries without a renovate: comment are left alone)", () => {
    assert.deepEqual(
      found.map((f) => f.line),
      tracked.map((e) => e.line),
    );
  });

  test("the regex really fails on a malformed entry (no depName)", () => {
    assert.equal(extract(manager.matchStrings, 'x: "1", // renovate: datasource=crate\n').length, 0);
    assert.equal(extract(manager.matchStrings, 'x: "1", // renovate: datasource=crate depName=x\n').length, 1);
  });
});
