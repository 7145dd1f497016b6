// The release notes extractor used by .github/workflows/release.yml.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { changelogSection } from "../../.github/scripts/changelog-section.mjs";
import { repoRoot } from "./lib/renovate-package.ts";

const script = path.join(repoRoot, ".github", "scripts", "changelog-section.mjs");

const sample = [
  "# Changelog",
  "",
  "## [Unreleased]",
  "- not yet",
  "",
  "## [1.1.0] - 2026-12-24",
  "### Added",
  "- `--region` flag",
  "```sh",
  "## not a heading inside a fence",
  "```",
  "### Fixed",
  "- Windows paths",
  "",
  "## 1.0.1 (2026-12-10)",
  "- one fix",
  "",
  "## v1.0.0",
  "",
  "- first release",
  "",
  "[1.1.0]: https://example.invalid/compare/v1.0.1...v1.1.0",
  "[1.0.1]: https://example.invalid/compare/v1.0.0...v1.0.1",
  "",
].join("\n");

describe("changelogSection", () => {
  test("takes the section up to the next version heading, fences included", () => {
    assert.equal(
      changelogSection(sample, "1.1.0"),
      ["### Added", "- `--region` flag", "```sh", "## not a heading inside a fence", "```", "### Fixed", "- Windows paths"].join("\n"),
    );
  });

  test("accepts a v-prefixed tag and the heading styles of Keep a Changelog", () => {
    assert.equal(changelogSection(sample, "v1.0.1"), "- one fix");
    assert.equal(changelogSection(sample, "1.0.0"), "- first release");
  });

  test("a version is not matched by a longer one (1.0.1 vs 1.0.10)", () => {
    const md = "## [1.0.10]\n- ten\n\n## [1.0.1]\n- one\n";
    assert.equal(changelogSection(md, "1.0.1"), "- one");
    assert.equal(changelogSection(md, "1.0.10"), "- ten");
  });

  test("CRLF input gives the same notes", () => {
    assert.equal(changelogSection(sample.replaceAll("\n", "\r\n"), "1.0.1"), "- one fix");
  });

  test("a missing section, an empty one and a non-version are errors that name the fix", () => {
    assert.throws(() => changelogSection(sample, "2.0.0"), /no section for 2\.0\.0: add a "## \[2\.0\.0\] - YYYY-MM-DD" heading/);
    assert.throws(() => changelogSection("## [3.0.0]\n\n## [2.0.0]\n- x\n", "3.0.0"), /section for 3\.0\.0 is empty/);
    assert.throws(() => changelogSection(sample, "latest"), /not a semver version/);
  });

  test("the repository's CHANGELOG.md has notes for the version in package.json", () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
    const notes = changelogSection(readFileSync(path.join(repoRoot, "CHANGELOG.md"), "utf8"), version);
    assert.ok(notes.trim().length > 0);
    assert.doesNotMatch(notes, /^## /m, "the notes must not run into the next version");
  });
});

describe("changelog-section.mjs as a command (how release.yml runs it)", () => {
  test("prints the notes; exits 1 with the fix for an unknown version", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "changelog-"));
    try {
      const file = path.join(dir, "CHANGELOG.md");
      writeFileSync(file, sample);
      const ok = spawnSync(process.execPath, [script, "1.0.1", file], { encoding: "utf8" });
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(ok.stdout, "- one fix\n");
      const missing = spawnSync(process.execPath, [script, "9.9.9", file], { encoding: "utf8" });
      assert.equal(missing.status, 1);
      assert.equal(missing.stdout, "");
      assert.match(missing.stderr, /no section for 9\.9\.9/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
