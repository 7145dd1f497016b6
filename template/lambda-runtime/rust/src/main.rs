//! A plain `lambda_runtime` function: it answers Function URL HTTP events and
//! Genezio cron events, carried to Genezio by the TypeScript trap class in `server/`.

mod codec;
mod events;
mod prefix;
mod routes;

use events::Event;
use lambda_runtime::{service_fn, tracing, Error, LambdaEvent};
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Logs go to CloudWatch; the level comes from AWS_LAMBDA_LOG_LEVEL or RUST_LOG.
    tracing::init_default_subscriber();

    // Read once: in takeover mode the trap sets GENEZIO_RUST_PATH_PREFIX.
    let prefix = prefix::from_env();
    let prefix = prefix.as_deref();

    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| {
        function_handler(event, prefix)
    }))
    .await
}

/// Recognizes the event and answers it; an unrecognized event becomes an
/// invocation error whose message says which events are handled.
async fn function_handler(event: LambdaEvent<Value>, prefix: Option<&str>) -> Result<Value, Error> {
    let (payload, _context) = event.into_parts();
    match events::parse(&payload, prefix)? {
        Event::Http(request) => {
            let response = routes::route(&request);
            tracing::info!(
                method = %request.method,
                path = %request.path,
                status = response.status,
                "http request"
            );
            Ok(response.into_event_response())
        }
        Event::Cron(cron) => {
            tracing::info!(
                method = %cron.method_name,
                cron = %cron.cron_string,
                "cron event"
            );
            Ok(cron.ack())
        }
    }
}
