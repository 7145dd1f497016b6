//! Recognizes the two event shapes this function handles:
//! - a Lambda Function URL event (payload format 2.0), and
//! - a Genezio cron event `{"genezioEventType":"cron","methodName":...,"cronString":...}`.
//!
//! Anything else is an error whose message says what was expected.

use crate::{codec, prefix};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// One incoming event, already recognized.
#[derive(Debug, PartialEq)]
pub enum Event {
    Http(HttpRequest),
    Cron(CronEvent),
}

/// The parts of a Function URL request the routes use.
#[derive(Debug, PartialEq)]
pub struct HttpRequest {
    /// Upper-case method, e.g. `GET`.
    pub method: String,
    /// The raw path, with the Genezio prefix removed; never empty.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    /// Header names in lower case.
    pub headers: BTreeMap<String, String>,
    /// The body bytes (base64 bodies are decoded).
    pub body: Vec<u8>,
}

/// A Genezio cron tick.
#[derive(Debug, PartialEq)]
pub struct CronEvent {
    pub method_name: String,
    pub cron_string: String,
}

impl CronEvent {
    /// The JSON this function answers to a cron event.
    pub fn ack(&self) -> Value {
        json!({
            "ok": true,
            "methodName": self.method_name,
            "cronString": self.cron_string,
        })
    }
}

/// Why an event could not be handled.
#[derive(Debug, PartialEq)]
pub enum EventError {
    /// The payload is not a JSON object.
    NotAnObject,
    /// A Genezio event of another kind than `cron`.
    UnsupportedGenezioEvent(String),
    /// A recognized event that lacks a field it needs.
    MissingField(&'static str),
    /// `isBase64Encoded` is true but the body is not base64.
    InvalidBase64Body,
    /// Neither a Function URL event nor a Genezio cron event; holds the top-level keys.
    Unrecognized(Vec<String>),
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const EXPECTED: &str =
            "this function handles Lambda Function URL events (payload format 2.0, \
            with requestContext.http.method) and Genezio cron events \
            ({\"genezioEventType\":\"cron\",\"methodName\":...,\"cronString\":...}); \
            to accept other events, extend src/events.rs";
        match self {
            EventError::NotAnObject => write!(f, "the event is not a JSON object: {EXPECTED}"),
            EventError::UnsupportedGenezioEvent(kind) => {
                write!(f, "unsupported genezioEventType {kind:?}: {EXPECTED}")
            }
            EventError::MissingField(field) => {
                write!(f, "the event has no string field `{field}`: {EXPECTED}")
            }
            EventError::InvalidBase64Body => write!(
                f,
                "the event says isBase64Encoded: true but its body is not valid base64"
            ),
            EventError::Unrecognized(keys) => write!(
                f,
                "unrecognized event (top-level keys: [{}]): {EXPECTED}",
                keys.join(", ")
            ),
        }
    }
}

impl std::error::Error for EventError {}

/// Recognizes `event`. `path_prefix` (normalized, e.g. `/MyApp/handle`) is
/// removed from HTTP paths that start with it.
pub fn parse(event: &Value, path_prefix: Option<&str>) -> Result<Event, EventError> {
    let object = event.as_object().ok_or(EventError::NotAnObject)?;
    if let Some(kind) = object.get("genezioEventType") {
        return match kind.as_str() {
            Some("cron") => parse_cron(object).map(Event::Cron),
            _ => Err(EventError::UnsupportedGenezioEvent(kind.to_string())),
        };
    }
    if let Some(method) = event
        .pointer("/requestContext/http/method")
        .and_then(Value::as_str)
    {
        return parse_http(object, method, path_prefix).map(Event::Http);
    }
    Err(EventError::Unrecognized(object.keys().cloned().collect()))
}

fn parse_cron(object: &Map<String, Value>) -> Result<CronEvent, EventError> {
    Ok(CronEvent {
        method_name: string_field(object, "methodName")?,
        cron_string: string_field(object, "cronString")?,
    })
}

fn string_field(object: &Map<String, Value>, name: &'static str) -> Result<String, EventError> {
    object
        .get(name)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or(EventError::MissingField(name))
}

fn parse_http(
    object: &Map<String, Value>,
    method: &str,
    path_prefix: Option<&str>,
) -> Result<HttpRequest, EventError> {
    let raw_path = object
        .get("rawPath")
        .and_then(Value::as_str)
        .filter(|path| !path.is_empty())
        .unwrap_or("/");
    let path = path_prefix
        .and_then(|prefix| prefix::strip_path(raw_path, prefix))
        .unwrap_or(raw_path)
        .to_string();
    let query = object
        .get("rawQueryString")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let headers = object
        .get("headers")
        .and_then(Value::as_object)
        .map(|headers| {
            headers
                .iter()
                .filter_map(|(name, value)| {
                    value
                        .as_str()
                        .map(|value| (name.to_ascii_lowercase(), value.to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    let body_text = object.get("body").and_then(Value::as_str).unwrap_or("");
    let is_base64 = object
        .get("isBase64Encoded")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let body = if is_base64 {
        codec::base64_decode(body_text).ok_or(EventError::InvalidBase64Body)?
    } else {
        body_text.as_bytes().to_vec()
    };
    Ok(HttpRequest {
        method: method.to_ascii_uppercase(),
        path,
        query,
        headers,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url_event(method: &str, raw_path: &str) -> Value {
        json!({
            "version": "2.0",
            "routeKey": "$default",
            "rawPath": raw_path,
            "rawQueryString": "x=1&y=two",
            "headers": { "Host": "abc.lambda-url.us-east-1.on.aws", "content-type": "application/json" },
            "requestContext": {
                "http": { "method": method, "path": raw_path, "protocol": "HTTP/1.1", "sourceIp": "1.2.3.4", "userAgent": "t" },
                "stage": "$default"
            },
            "isBase64Encoded": false
        })
    }

    #[test]
    fn parses_a_function_url_event() {
        let mut event = url_event("get", "/greet/bob");
        event["body"] = json!("hi");
        let Event::Http(request) = parse(&event, None).unwrap() else {
            panic!("expected an HTTP event");
        };
        assert_eq!(request.method, "GET");
        assert_eq!(request.path, "/greet/bob");
        assert_eq!(request.query, "x=1&y=two");
        assert_eq!(
            request.headers.get("host").map(String::as_str),
            Some("abc.lambda-url.us-east-1.on.aws")
        );
        assert_eq!(request.body, b"hi".to_vec());
    }

    #[test]
    fn strips_the_genezio_prefix() {
        let event = url_event("GET", "/MyApp/handle/greet/bob");
        let Event::Http(request) = parse(&event, Some("/MyApp/handle")).unwrap() else {
            panic!("expected an HTTP event");
        };
        assert_eq!(request.path, "/greet/bob");
        assert_eq!(request.query, "x=1&y=two");

        let event = url_event("GET", "/MyApp/handle");
        let Event::Http(request) = parse(&event, Some("/MyApp/handle")).unwrap() else {
            panic!("expected an HTTP event");
        };
        assert_eq!(request.path, "/");
    }

    #[test]
    fn keeps_paths_without_the_prefix() {
        let event = url_event("GET", "/MyApp/handler");
        let Event::Http(request) = parse(&event, Some("/MyApp/handle")).unwrap() else {
            panic!("expected an HTTP event");
        };
        assert_eq!(request.path, "/MyApp/handler");
    }

    #[test]
    fn decodes_base64_bodies() {
        let mut event = url_event("POST", "/echo");
        event["body"] = json!("eyJtZXNzYWdlIjoiaGkifQ==");
        event["isBase64Encoded"] = json!(true);
        let Event::Http(request) = parse(&event, None).unwrap() else {
            panic!("expected an HTTP event");
        };
        assert_eq!(request.body, br#"{"message":"hi"}"#.to_vec());

        event["body"] = json!("not base64!");
        assert_eq!(parse(&event, None), Err(EventError::InvalidBase64Body));
    }

    #[test]
    fn parses_a_genezio_cron_event() {
        let event = json!({ "genezioEventType": "cron", "methodName": "tick", "cronString": "*/5 * * * *" });
        let parsed = parse(&event, None).unwrap();
        let expected = CronEvent {
            method_name: "tick".to_string(),
            cron_string: "*/5 * * * *".to_string(),
        };
        assert_eq!(parsed, Event::Cron(expected));
        let Event::Cron(cron) = parsed else {
            unreachable!()
        };
        assert_eq!(
            cron.ack(),
            json!({ "ok": true, "methodName": "tick", "cronString": "*/5 * * * *" })
        );
    }

    #[test]
    fn a_cron_event_needs_its_fields() {
        let event = json!({ "genezioEventType": "cron", "methodName": "tick" });
        assert_eq!(
            parse(&event, None),
            Err(EventError::MissingField("cronString"))
        );
    }

    #[test]
    fn other_genezio_events_are_errors() {
        let event = json!({ "genezioEventType": "queue" });
        let error = parse(&event, None).unwrap_err();
        assert_eq!(
            error,
            EventError::UnsupportedGenezioEvent("\"queue\"".to_string())
        );
        assert!(error.to_string().contains("Genezio cron events"));
    }

    #[test]
    fn unknown_events_are_errors_that_name_the_fix() {
        let error = parse(&json!({ "Records": [] }), None).unwrap_err();
        assert_eq!(error, EventError::Unrecognized(vec!["Records".to_string()]));
        let message = error.to_string();
        assert!(message.contains("[Records]"));
        assert!(message.contains("Function URL"));
        assert!(message.contains("src/events.rs"));

        assert_eq!(parse(&json!("hello"), None), Err(EventError::NotAnObject));
    }
}
