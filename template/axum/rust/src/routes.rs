//! The HTTP routes. Add yours here: axum 0.8 writes path parameters as `/{name}`.

use axum::{
    extract::Path,
    routing::{get, post},
    Json, Router,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Builds the router. Unknown paths get axum's default 404, a known path with
/// another method gets 405.
pub fn router() -> Router {
    Router::new()
        .route("/", get(root))
        .route("/greet/{name}", get(greet))
        .route("/echo", post(echo))
}

/// `GET /`
async fn root() -> Json<Value> {
    Json(json!({ "msg": "Hello rust!" }))
}

/// `GET /greet/{name}`: a path parameter (percent-decoded by axum).
async fn greet(Path(name): Path<String>) -> Json<Value> {
    Json(json!({ "msg": format!("Hello {name}!") }))
}

/// The body `POST /echo` expects (`content-type: application/json`).
#[derive(Debug, Deserialize)]
pub struct EchoRequest {
    pub message: String,
}

/// What `POST /echo` answers.
#[derive(Debug, Serialize)]
pub struct EchoResponse {
    pub message: String,
    pub length: usize,
}

/// `POST /echo`: a typed JSON body. A body that does not match gets axum's
/// 4xx rejection (415 without a JSON content type, 422 for a wrong shape).
async fn echo(Json(body): Json<EchoRequest>) -> Json<EchoResponse> {
    let length = body.message.chars().count();
    Json(EchoResponse {
        message: body.message,
        length,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{
        body::Body,
        http::{header, Method, Request, StatusCode},
    };
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    async fn send(request: Request<Body>) -> (StatusCode, Vec<u8>) {
        let response = router().oneshot(request).await.unwrap();
        let status = response.status();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, body.to_vec())
    }

    fn get_request(uri: &str) -> Request<Body> {
        Request::builder().uri(uri).body(Body::empty()).unwrap()
    }

    fn json_post(uri: &str, body: &str) -> Request<Body> {
        Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap()
    }

    fn as_json(body: &[u8]) -> Value {
        serde_json::from_slice(body).unwrap()
    }

    #[tokio::test]
    async fn root_says_hello() {
        let (status, body) = send(get_request("/")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(as_json(&body), json!({ "msg": "Hello rust!" }));
    }

    #[tokio::test]
    async fn greet_reads_the_path_parameter() {
        let (status, body) = send(get_request("/greet/bob")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(as_json(&body), json!({ "msg": "Hello bob!" }));
    }

    #[tokio::test]
    async fn greet_decodes_percent_escapes() {
        let (status, body) = send(get_request("/greet/a%20b")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(as_json(&body), json!({ "msg": "Hello a b!" }));
    }

    #[tokio::test]
    async fn echo_answers_a_typed_json_body() {
        let (status, body) = send(json_post("/echo", r#"{"message":"héllo"}"#)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(as_json(&body), json!({ "message": "héllo", "length": 5 }));
    }

    #[tokio::test]
    async fn echo_rejects_a_body_of_the_wrong_shape() {
        let (status, _) = send(json_post("/echo", r#"{"msg":1}"#)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[tokio::test]
    async fn echo_needs_a_json_content_type() {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/echo")
            .body(Body::from(r#"{"message":"x"}"#))
            .unwrap();
        let (status, _) = send(request).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }

    #[tokio::test]
    async fn unknown_paths_are_404() {
        let (status, _) = send(get_request("/nope")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn wrong_method_is_405() {
        let (status, _) = send(get_request("/echo")).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    }
}
