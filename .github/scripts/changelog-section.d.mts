/** The body of the `version` section of a changelog, trimmed, without its heading; throws with the fix when missing or empty. */
export function changelogSection(markdown: string, version: string): string;
