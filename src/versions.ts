/**
 * THE version table: every crate, npm package, container image and tool version that the
 * generated project uses comes from here (templates read them as `{{v.<key>}}`).
 *
 * Each entry carries a `renovate:` comment; the repository's Renovate config
 * (regex manager) keeps them current. Keep one entry per line in this exact shape.
 */
export const versions = {
  // Rust crates (Cargo version requirements, caret semantics)
  lambda_http: "1", // renovate: datasource=crate depName=lambda_http
  lambda_runtime: "1", // renovate: datasource=crate depName=lambda_runtime
  axum: "0.8", // renovate: datasource=crate depName=axum
  tokio: "1", // renovate: datasource=crate depName=tokio
  serde: "1", // renovate: datasource=crate depName=serde
  serde_json: "1", // renovate: datasource=crate depName=serde_json
  tower: "0.5", // renovate: datasource=crate depName=tower
  http_body_util: "0.1", // renovate: datasource=crate depName=http-body-util

  // npm packages of the generated project
  genezio_types: "^1.0.20", // renovate: datasource=npm depName=@genezio/types
  typescript: "~5.9.3", // renovate: datasource=npm depName=typescript
  tsx: "^4.23.15", // renovate: datasource=npm depName=tsx
  types_node: "^20.19.43", // renovate: datasource=npm depName=@types/node
  genezio_cli: "3.2.10", // renovate: datasource=npm depName=genezio

  // Cross-compilation
  cross_image_tag: "0.2.5", // renovate: datasource=docker depName=ghcr.io/cross-rs/x86_64-unknown-linux-musl
  cargo_zigbuild: "0.23", // renovate: datasource=crate depName=cargo-zigbuild
  rust_msrv: "1.84", // minimum Rust for lambda_http 1.x (not auto-updated)
  node: "20", // the Node.js major Genezio runs (nodejs20.x)
} as const;

export type VersionKey = keyof typeof versions;
