//! An axum app served on AWS Lambda through `lambda_http`, carried to Genezio
//! by the TypeScript trap class in `server/`.

mod app;
mod prefix;
mod routes;

use lambda_http::{run, tracing, Body, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Logs go to CloudWatch; the level comes from AWS_LAMBDA_LOG_LEVEL or RUST_LOG.
    tracing::init_default_subscriber();

    // Read once: in takeover mode the trap sets GENEZIO_RUST_PATH_PREFIX.
    let app = app::with_prefix_strip::<Body>(routes::router(), prefix::from_env());
    run(app).await
}
