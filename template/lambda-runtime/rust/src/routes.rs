//! The HTTP routes, answered as Function URL (payload 2.0) responses.
//! Add yours in [`route`].

use crate::codec;
use crate::events::HttpRequest;
use serde_json::{json, Value};

/// One HTTP answer; [`HttpResponse::into_event_response`] gives the JSON
/// Lambda expects back for a Function URL event.
#[derive(Debug, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    /// A JSON answer.
    pub fn json(status: u16, body: &Value) -> Self {
        HttpResponse {
            status,
            headers: vec![("content-type".to_string(), "application/json".to_string())],
            body: body.to_string(),
        }
    }

    /// `{statusCode, headers, body, isBase64Encoded, cookies}`.
    pub fn into_event_response(self) -> Value {
        let headers: serde_json::Map<String, Value> = self
            .headers
            .into_iter()
            .map(|(name, value)| (name, Value::String(value)))
            .collect();
        json!({
            "statusCode": self.status,
            "headers": headers,
            "body": self.body,
            "isBase64Encoded": false,
            "cookies": [],
        })
    }

    fn method_not_allowed(allow: &str) -> Self {
        let mut response = HttpResponse::json(405, &json!({ "error": "method not allowed" }));
        response
            .headers
            .push(("allow".to_string(), allow.to_string()));
        response
    }
}

/// Routes one request. Same routes as the Axum template:
/// `GET /`, `GET /greet/{name}`, `POST /echo`; anything else is 404.
pub fn route(request: &HttpRequest) -> HttpResponse {
    let segments: Vec<&str> = request.path.trim_start_matches('/').split('/').collect();
    let method = request.method.as_str();
    match segments.as_slice() {
        [""] => match method {
            "GET" => HttpResponse::json(200, &json!({ "msg": "Hello rust!" })),
            _ => HttpResponse::method_not_allowed("GET"),
        },
        ["greet", name] if !name.is_empty() => match method {
            "GET" => greet(name),
            _ => HttpResponse::method_not_allowed("GET"),
        },
        ["echo"] => match method {
            "POST" => echo(&request.body),
            _ => HttpResponse::method_not_allowed("POST"),
        },
        _ => HttpResponse::json(404, &json!({ "error": "not found", "path": request.path })),
    }
}

/// `GET /greet/{name}`
fn greet(raw_name: &str) -> HttpResponse {
    match codec::percent_decode(raw_name) {
        Some(name) => HttpResponse::json(200, &json!({ "msg": format!("Hello {name}!") })),
        None => HttpResponse::json(400, &json!({ "error": "the name is not valid UTF-8" })),
    }
}

/// `POST /echo` with `{"message": "..."}`.
fn echo(body: &[u8]) -> HttpResponse {
    let parsed: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => {
            return HttpResponse::json(
                400,
                &json!({ "error": format!("the body is not JSON: {error}") }),
            )
        }
    };
    match parsed.get("message").and_then(Value::as_str) {
        Some(message) => HttpResponse::json(
            200,
            &json!({ "message": message, "length": message.chars().count() }),
        ),
        None => HttpResponse::json(
            422,
            &json!({ "error": "expected a JSON object with a string field `message`" }),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn request(method: &str, path: &str, body: &str) -> HttpRequest {
        HttpRequest {
            method: method.to_string(),
            path: path.to_string(),
            query: String::new(),
            headers: BTreeMap::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    fn body_json(response: &HttpResponse) -> Value {
        serde_json::from_str(&response.body).unwrap()
    }

    #[test]
    fn root_says_hello() {
        let response = route(&request("GET", "/", ""));
        assert_eq!(response.status, 200);
        assert_eq!(body_json(&response), json!({ "msg": "Hello rust!" }));
    }

    #[test]
    fn greet_reads_and_decodes_the_path_parameter() {
        let response = route(&request("GET", "/greet/bob", ""));
        assert_eq!(response.status, 200);
        assert_eq!(body_json(&response), json!({ "msg": "Hello bob!" }));
        let response = route(&request("GET", "/greet/a%20b", ""));
        assert_eq!(body_json(&response), json!({ "msg": "Hello a b!" }));
        let response = route(&request("GET", "/greet/%FF", ""));
        assert_eq!(response.status, 400);
    }

    #[test]
    fn echo_answers_a_json_body() {
        let response = route(&request("POST", "/echo", r#"{"message":"héllo"}"#));
        assert_eq!(response.status, 200);
        assert_eq!(
            body_json(&response),
            json!({ "message": "héllo", "length": 5 })
        );
    }

    #[test]
    fn echo_rejects_bad_bodies() {
        assert_eq!(route(&request("POST", "/echo", "{nope")).status, 400);
        assert_eq!(route(&request("POST", "/echo", r#"{"msg":1}"#)).status, 422);
    }

    #[test]
    fn wrong_method_is_405_with_allow() {
        let response = route(&request("GET", "/echo", ""));
        assert_eq!(response.status, 405);
        assert!(response
            .headers
            .contains(&("allow".to_string(), "POST".to_string())));
    }

    #[test]
    fn unknown_paths_are_404() {
        assert_eq!(route(&request("GET", "/nope", "")).status, 404);
        assert_eq!(route(&request("GET", "/greet/", "")).status, 404);
        assert_eq!(route(&request("GET", "/greet/a/b", "")).status, 404);
    }

    #[test]
    fn the_event_response_has_the_v2_shape() {
        let response = HttpResponse::json(200, &json!({ "msg": "Hello rust!" }));
        assert_eq!(
            response.into_event_response(),
            json!({
                "statusCode": 200,
                "headers": { "content-type": "application/json" },
                "body": "{\"msg\":\"Hello rust!\"}",
                "isBase64Encoded": false,
                "cookies": [],
            })
        );
    }
}
