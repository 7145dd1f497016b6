/**
 * The data table that drives prompts, help text and validation: templates, architectures
 * (→ musl targets), toolchains and the regions Genezio accepts.
 */

export const TEMPLATES = {
  axum: {
    label: "Axum",
    description: "Axum router on lambda_http: routes, JSON, path parameters (recommended)",
  },
  "lambda-runtime": {
    label: "lambda_runtime",
    description: "plain lambda_runtime handler of raw events: HTTP (Function URL v2) and Genezio cron",
  },
} as const;
export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];
export const DEFAULT_TEMPLATE: TemplateName = "axum";

/** One architecture Genezio can run on, and the Rust target that builds a static binary for it. */
export const ARCHES = {
  arm64: { rustTarget: "aarch64-unknown-linux-musl" },
  x86_64: { rustTarget: "x86_64-unknown-linux-musl" },
} as const;
export type Arch = keyof typeof ARCHES;

export const ARCH_CHOICES = {
  both: {
    arches: ["arm64", "x86_64"],
    description: "embed both binaries; the trap picks one by process.arch (works on every Genezio runtime)",
  },
  arm64: { arches: ["arm64"], description: "arm64 only (smaller bundle; sets architecture: arm64)" },
  x86_64: { arches: ["x86_64"], description: "x86_64 only (smaller bundle; sets architecture: x86_64)" },
} as const satisfies Record<string, { arches: readonly Arch[]; description: string }>;
export type ArchChoice = keyof typeof ARCH_CHOICES;
export const ARCH_CHOICE_NAMES = Object.keys(ARCH_CHOICES) as ArchChoice[];
export const DEFAULT_ARCH: ArchChoice = "both";

export const TOOLCHAINS = {
  zig: { description: "cargo-zigbuild with zig as the linker (no Docker)" },
  cross: { description: "cross-rs in Docker (pinned images)" },
} as const;
export type Toolchain = keyof typeof TOOLCHAINS;
export const TOOLCHAIN_NAMES = Object.keys(TOOLCHAINS) as Toolchain[];
export const DEFAULT_TOOLCHAIN: Toolchain = "zig";

/**
 * The regions genezio.yaml (yamlVersion 2) accepts: the `region` enum of the genezio CLI's
 * configuration schema (its `legacyRegions` table). Anything else fails `genezio deploy`.
 */
export const REGIONS = {
  "us-east-1": "US East (N. Virginia)",
  "us-east-2": "US East (Ohio)",
  "us-west-1": "US West (N. California)",
  "us-west-2": "US West (Oregon)",
  "ap-south-1": "Asia Pacific (Mumbai)",
  "ap-northeast-3": "Asia Pacific (Osaka)",
  "ap-northeast-2": "Asia Pacific (Seoul)",
  "ap-southeast-1": "Asia Pacific (Singapore)",
  "ap-southeast-2": "Asia Pacific (Sydney)",
  "ap-northeast-1": "Asia Pacific (Tokyo)",
  "ca-central-1": "Canada (Central)",
  "eu-central-1": "Europe (Frankfurt)",
  "eu-west-1": "Europe (Ireland)",
  "eu-west-2": "Europe (London)",
  "eu-west-3": "Europe (Paris)",
  "eu-north-1": "Europe (Stockholm)",
  "sa-east-1": "South America (São Paulo)",
} as const;
export type Region = keyof typeof REGIONS;
export const REGION_NAMES = Object.keys(REGIONS) as Region[];
export const DEFAULT_REGION: Region = "us-east-1";

export const DEFAULT_PROJECT_NAME = "genezio-rust-app";

export function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
