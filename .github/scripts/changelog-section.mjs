#!/usr/bin/env node
// Prints the CHANGELOG.md section of one version: the release notes of the GitHub release.
//
//   node .github/scripts/changelog-section.mjs 1.2.3 [CHANGELOG.md]   (a leading "v" is accepted)
//
// Understands Keep a Changelog headings: "## [1.2.3] - 2026-12-04", "## 1.2.3", "## v1.2.3 (date)".
// The section ends at the next heading of level 1 or 2; "## " lines inside code fences do not
// count; link definitions ("[1.2.3]: https://...") left at its end are dropped.
// Exits 1 with the fix when the version has no section or an empty one, so a release never
// goes out with empty notes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The body of the `version` section of a changelog, trimmed, without its heading.
 * @param {string} markdown the whole changelog
 * @param {string} version e.g. "1.2.3" or "v1.2.3"
 * @returns {string}
 */
export function changelogSection(markdown, version) {
  const wanted = version.replace(/^v/, "");
  if (!/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/.test(wanted)) {
    throw new Error(`"${version}" is not a semver version (expected e.g. 1.2.3 or v1.2.3)`);
  }
  const heading = new RegExp(`^##\\s+\\[?v?${escapeRegExp(wanted)}\\]?(?:\\s|$)`);
  const lines = markdown.split(/\r?\n/);
  let fence = null;
  let start = -1;
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fenceMark = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fenceMark) {
      if (fence === null) fence = fenceMark[0];
      else if (fenceMark[0] === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    if (start === -1) {
      if (heading.test(line)) start = i + 1;
    } else if (/^#{1,2}\s/.test(line)) {
      end = i;
      break;
    }
  }
  if (start === -1) {
    throw new Error(`CHANGELOG has no section for ${wanted}: add a "## [${wanted}] - YYYY-MM-DD" heading with the changes`);
  }
  const body = lines.slice(start, end);
  while (body.length > 0 && /^\s*(?:\[[^\]]+\]:\s*\S+.*)?$/.test(body[body.length - 1] ?? "")) body.pop();
  while (body.length > 0 && (body[0] ?? "").trim() === "") body.shift();
  if (body.length === 0) {
    throw new Error(`the CHANGELOG section for ${wanted} is empty: list the changes under its heading`);
  }
  return body.join("\n");
}

function main(argv) {
  const [version, file = "CHANGELOG.md"] = argv;
  if (!version) {
    console.error("usage: changelog-section.mjs <version> [CHANGELOG.md]");
    return 2;
  }
  try {
    process.stdout.write(`${changelogSection(readFileSync(file, "utf8"), version)}\n`);
    return 0;
  } catch (err) {
    console.error(`changelog-section: ${err.message}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
