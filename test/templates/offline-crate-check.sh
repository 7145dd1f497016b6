#!/usr/bin/env bash
# Offline compile check of the template Rust code that does not need crates.io.
#
# crates.io is unreachable on the project's machines, so the template crates cannot be
# built as they are. Debian packages some of their dependencies, though, and this script
# builds what those allow, with cargo --offline against /usr/share/cargo/registry:
#   1. lambda-runtime: codec.rs, events.rs, prefix.rs, routes.rs and their unit tests,
#      against Debian's serde_json 1.x (real crate);
#   2. lambda-runtime: main.rs against Debian's tokio (real #[tokio::main]), tower 0.4
#      (real service_fn / Service, same tower-service 0.3 trait as lambda_runtime 1.x) and
#      tracing 0.1 (real info! macro), through a stand-in `lambda_runtime` whose `run` has
#      the 1.x bounds (F: Service<LambdaEvent<A>>, F::Error: Into<Diagnostic> + Debug,
#      no 'static / Clone) - checks the handler's types, borrows, `?` and log fields;
#   3. axum: app.rs (strip_request, with_prefix_strip) against Debian's http 0.2 and
#      tower 0.4 (same Uri/PathAndQuery/MapRequest API as http 1 / tower 0.5) with a
#      stand-in Router that is a tower Service<Request<B>>; the wrapped router is also
#      checked against the bounds of lambda_http 1.x `run` (Service<Request<Body>>,
#      Future: Send, Error: Debug + Into<Diagnostic>).
# Not a node test (it installs Debian packages); run by hand as root:
#   bash test/templates/offline-crate-check.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RT="$ROOT/template/lambda-runtime/rust/src"
AX="$ROOT/template/axum/rust/src"
BASE="$ROOT/template/base/rust/src"   # prefix.rs: shared by both templates

if [ ! -d /usr/share/cargo/registry/tower-0.4.13 ] || [ ! -d /usr/share/cargo/registry/http-0.2.7 ] \
  || [ ! -d /usr/share/cargo/registry/tracing-0.1.37 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq librust-serde-json-dev librust-tokio-dev librust-tokio-macros-dev \
    librust-http-dev librust-tower-dev 'librust-tower+util-dev' librust-tracing-dev >/dev/null
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
offline_config() {
  mkdir -p "$1/.cargo" "$1/src"
  cat >"$1/.cargo/config.toml" <<'TOML'
[source.crates-io]
replace-with = "debian"
[source.debian]
directory = "/usr/share/cargo/registry"
[net]
offline = true
TOML
}

echo "== 1. lambda-runtime modules + unit tests (serde_json)"
offline_config "$WORK/modules"
cat >"$WORK/modules/Cargo.toml" <<'TOML'
[package]
name = "modules"
version = "0.1.0"
edition = "2021"
[dependencies]
serde_json = "1"
[workspace]
TOML
cat >"$WORK/modules/src/lib.rs" <<RS
#![allow(dead_code)]
#[path = "$RT/codec.rs"] mod codec;
#[path = "$RT/events.rs"] mod events;
#[path = "$BASE/prefix.rs"] mod prefix;
#[path = "$RT/routes.rs"] mod routes;
RS
(cd "$WORK/modules" && cargo test -q 2>&1 | grep -E "^test result|error|panicked")

echo "== 2. lambda-runtime main.rs (tokio + lambda_runtime stand-in)"
offline_config "$WORK/main"
mkdir -p "$WORK/main/stub/src"
cat >"$WORK/main/stub/Cargo.toml" <<'TOML'
[package]
name = "lambda_runtime"
version = "1.0.0"
edition = "2021"
[dependencies]
serde = "1"
serde_json = "1"
tower = { version = "0.4", features = ["util"] }
tracing = "0.1"
TOML
cat >"$WORK/main/stub/src/lib.rs" <<'RS'
//! The lambda_runtime 1.x items main.rs uses, with the bounds of the real ones
//! (lambda-runtime/src/lib.rs `run`, src/diagnostic.rs `From` impls, src/types.rs).
use std::fmt::Debug;
pub use tower::{service_fn, Service};
use tower::ServiceExt;
pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub struct Diagnostic { pub error_message: String }
impl From<Error> for Diagnostic {
    fn from(e: Error) -> Self { Diagnostic { error_message: e.to_string() } }
}
impl From<std::convert::Infallible> for Diagnostic {
    fn from(e: std::convert::Infallible) -> Self { match e {} }
}
pub struct Context;
pub struct LambdaEvent<T> { pub payload: T, pub context: Context }
impl<T> LambdaEvent<T> { pub fn into_parts(self) -> (T, Context) { (self.payload, self.context) } }
/// Real bounds minus the streaming ones (`R: IntoFunctionResponse<B, S>` is `R: Serialize`
/// for a buffered answer such as serde_json::Value).
pub async fn run<A, F, R>(mut handler: F) -> Result<(), Error>
where
    F: Service<LambdaEvent<A>, Response = R>,
    F::Future: std::future::Future<Output = Result<R, F::Error>>,
    F::Error: Into<Diagnostic> + Debug,
    A: for<'de> serde::Deserialize<'de>,
    R: serde::Serialize,
{
    let payload: A = serde_json::from_str(r#"{"rawPath":"/"}"#)?;
    let event = LambdaEvent { payload, context: Context };
    let ready = handler.ready().await;
    let service = ready.map_err(|e| Into::<Diagnostic>::into(e).error_message)?;
    match service.call(event).await {
        Ok(answer) => println!("{}", serde_json::to_string(&answer)?),
        Err(e) => eprintln!("{}", Into::<Diagnostic>::into(e).error_message),
    }
    Ok(())
}
/// As lambda_runtime_api_client/src/tracing.rs: `pub use tracing::*` + the subscriber init.
pub mod tracing {
    pub use ::tracing::*;
    pub fn init_default_subscriber() {}
}
RS
# The crate as generated: the lambda-runtime sources plus the shared prefix.rs from base.
cp "$RT"/*.rs "$BASE/prefix.rs" "$WORK/main/src/"
cat >"$WORK/main/Cargo.toml" <<TOML
[package]
name = "main-check"
version = "0.1.0"
edition = "2021"
[[bin]]
name = "main-check"
path = "src/main.rs"
[dependencies]
lambda_runtime = { path = "stub" }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
serde_json = "1"
[workspace]
TOML
(cd "$WORK/main" && RUSTFLAGS="-D warnings" cargo build -q && echo "main.rs: ok")

echo "== 3. axum app.rs (http 0.2 + tower 0.4, stand-in Router)"
offline_config "$WORK/app"
cat >"$WORK/app/Cargo.toml" <<'TOML'
[package]
name = "app-check"
version = "0.1.0"
edition = "2021"
[dependencies]
http = "0.2"
tower = { version = "0.4", features = ["util"] }
tokio = { version = "1", features = ["macros", "rt"] }
[workspace]
TOML
python3 - "$AX/app.rs" "$BASE/prefix.rs" "$WORK/app/src/lib.rs" <<'PY'
import sys
app, prefix, out = sys.argv[1:]
src = open(app).read()
body = src[src.index("/// Wraps `router`"):src.index("#[cfg(test)]")]
sync_tests = src[src.index("    #[test]\n"):src.index("    #[tokio::test]")]
open(out, "w").write(f'''#![allow(dead_code)]
#[path = "{prefix}"]
mod prefix;
/// Stand-in for axum: re-exports http; Router is a Service<Request<B>> answering the URI it saw.
mod axum {{
    pub use http;
    pub mod body {{ pub type Body = String; }}
    #[derive(Clone)]
    pub struct Router;
    impl<B> tower::Service<http::Request<B>> for Router {{
        type Response = String;
        type Error = std::convert::Infallible;
        type Future = std::future::Ready<Result<String, std::convert::Infallible>>;
        fn poll_ready(&mut self, _: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Self::Error>> {{
            std::task::Poll::Ready(Ok(()))
        }}
        fn call(&mut self, req: http::Request<B>) -> Self::Future {{
            std::future::ready(Ok(req.uri().to_string()))
        }}
    }}
}}
use axum::{{http::{{uri::PathAndQuery, Request, Uri}}, Router}};
use tower::util::MapRequest;
{body}
/// The bounds of lambda_http 1.x `run` (lambda-http/src/lib.rs), for the wrapped router.
fn fits_lambda_http_run<'a, R, S, E>(_handler: S)
where
    S: tower::Service<Request<LambdaBody>, Response = R, Error = E>,
    S::Future: Send + 'a,
    E: std::fmt::Debug + Into<Diagnostic>,
{{}}
/// Stand-ins for lambda_http::Body and lambda_runtime::Diagnostic (which has From<Infallible>).
pub struct LambdaBody;
pub struct Diagnostic;
impl From<std::convert::Infallible> for Diagnostic {{
    fn from(e: std::convert::Infallible) -> Self {{ match e {{}} }}
}}
#[cfg(test)]
mod tests {{
    use super::*;
    use axum::body::Body;
    use tower::ServiceExt;
    const PREFIX: &str = "/MyApp/handle";
    fn get_request(uri: &str) -> Request<Body> {{
        Request::builder().uri(uri).body(String::new()).unwrap()
    }}
{sync_tests}
    #[test]
    fn the_wrapped_router_fits_lambda_http_run() {{
        fits_lambda_http_run(with_prefix_strip::<LambdaBody>(Router, prefix::from_env()));
    }}
    #[tokio::test]
    async fn the_wrapped_router_sees_the_stripped_uri() {{
        let app = with_prefix_strip::<Body>(Router, Some(PREFIX.to_string()));
        let seen = app.oneshot(get_request("/MyApp/handle/greet/bob?x=1")).await.unwrap();
        assert_eq!(seen, "/greet/bob?x=1");
        let app = with_prefix_strip::<Body>(Router, prefix::normalize("MyApp/handle/"));
        assert_eq!(app.oneshot(get_request("/MyApp/handle")).await.unwrap(), "/");
    }}
}}
''')
PY
(cd "$WORK/app" && cargo test -q 2>&1 | grep -E "^test result|error|panicked")
echo "== offline crate check: done"
