//! Puts the prefix strip in front of the router.
//!
//! `Router::layer` middleware runs after routing, so a URI rewrite has to wrap
//! the whole router instead: `tower::util::MapRequest` does that.

use crate::prefix;
use axum::{
    http::{uri::PathAndQuery, Request, Uri},
    Router,
};
use tower::util::MapRequest;

/// Wraps `router` so that requests whose path starts with `prefix` are routed
/// as if the prefix were not there (the query is kept).
pub fn with_prefix_strip<B>(
    router: Router,
    prefix: Option<String>,
) -> MapRequest<Router, impl FnMut(Request<B>) -> Request<B> + Clone> {
    MapRequest::new(router, move |request: Request<B>| {
        strip_request(request, prefix.as_deref())
    })
}

/// Rewrites the request URI without the prefix; leaves it alone otherwise.
pub fn strip_request<B>(mut request: Request<B>, prefix: Option<&str>) -> Request<B> {
    let Some(prefix) = prefix else {
        return request;
    };
    let Some(path_and_query) = request.uri().path_and_query() else {
        return request;
    };
    let Some(stripped) = prefix::strip_path_and_query(path_and_query.as_str(), prefix) else {
        return request;
    };
    let Ok(stripped) = stripped.parse::<PathAndQuery>() else {
        return request;
    };
    let mut parts = request.uri().clone().into_parts();
    parts.path_and_query = Some(stripped);
    if let Ok(uri) = Uri::from_parts(parts) {
        *request.uri_mut() = uri;
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::router;
    use axum::{body::Body, http::StatusCode};
    use http_body_util::BodyExt;
    use serde_json::{json, Value};
    use tower::ServiceExt;

    const PREFIX: &str = "/MyApp/handle";

    fn get_request(uri: &str) -> Request<Body> {
        Request::builder().uri(uri).body(Body::empty()).unwrap()
    }

    #[test]
    fn strip_request_keeps_scheme_host_and_query() {
        let request =
            get_request("https://abc.lambda-url.us-east-1.on.aws/MyApp/handle/greet/bob?x=1");
        let request = strip_request(request, Some(PREFIX));
        assert_eq!(
            request.uri().to_string(),
            "https://abc.lambda-url.us-east-1.on.aws/greet/bob?x=1"
        );
    }

    #[test]
    fn strip_request_leaves_other_paths_alone() {
        let request = strip_request(get_request("/greet/bob"), Some(PREFIX));
        assert_eq!(request.uri().path(), "/greet/bob");
        let request = strip_request(get_request("/MyApp/handle/x"), None);
        assert_eq!(request.uri().path(), "/MyApp/handle/x");
    }

    #[tokio::test]
    async fn prefixed_requests_reach_the_routes() {
        let app = with_prefix_strip::<Body>(router(), Some(PREFIX.to_string()));
        let response = app
            .oneshot(get_request("/MyApp/handle/greet/bob?x=1"))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body, json!({ "msg": "Hello bob!" }));
    }

    #[tokio::test]
    async fn the_bare_prefix_is_the_root_route() {
        let app = with_prefix_strip::<Body>(router(), Some(PREFIX.to_string()));
        let response = app.oneshot(get_request("/MyApp/handle")).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn unprefixed_requests_still_work() {
        let app = with_prefix_strip::<Body>(router(), Some(PREFIX.to_string()));
        let response = app.oneshot(get_request("/greet/bob")).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
}
