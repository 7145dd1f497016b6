//! Removes Genezio's `/<Class>/<method>` prefix from request paths.
//!
//! In takeover mode the raw Function URL event reaches this binary with the
//! path Genezio routed on (`/<Class>/handle/...`). The trap tells us that
//! prefix through `GENEZIO_RUST_PATH_PREFIX`; we read it once at startup and
//! strip it before routing, so the routes below see `/`, `/greet/bob`, ...
//!
//! Only std is used here, so this file is the same in both templates.

/// The variable the trap runtime sets for the binary.
pub const PREFIX_ENV: &str = "GENEZIO_RUST_PATH_PREFIX";

/// Reads the prefix from the environment (once, at startup).
pub fn from_env() -> Option<String> {
    std::env::var(PREFIX_ENV)
        .ok()
        .and_then(|raw| normalize(&raw))
}

/// Turns a raw prefix into `/a/b` form; empty or `/` means "no prefix".
pub fn normalize(raw: &str) -> Option<String> {
    let trimmed = raw.trim().trim_matches('/');
    if trimmed.is_empty() {
        None
    } else {
        Some(format!("/{trimmed}"))
    }
}

/// Strips `prefix` (normalized, `/a/b`) from `path` when the path starts with
/// it on a segment boundary. Returns `None` when the path does not carry the
/// prefix. The result is never empty: `/a/b` becomes `/`.
pub fn strip_path<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = path.strip_prefix(prefix)?;
    if rest.is_empty() {
        Some("/")
    } else if rest.starts_with('/') {
        Some(rest)
    } else {
        // `/a/bc` does not carry the prefix `/a/b`.
        None
    }
}

/// Like [`strip_path`] on a `path?query` string; the query is kept as is.
// The Axum template rewrites whole URIs with this; lambda_runtime routes on `rawPath`.
#[allow(dead_code)]
pub fn strip_path_and_query(path_and_query: &str, prefix: &str) -> Option<String> {
    let (path, query) = match path_and_query.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path_and_query, None),
    };
    let stripped = strip_path(path, prefix)?;
    Some(match query {
        Some(query) => format!("{stripped}?{query}"),
        None => stripped.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_adds_leading_and_drops_trailing_slashes() {
        assert_eq!(
            normalize("/MyApp/handle"),
            Some("/MyApp/handle".to_string())
        );
        assert_eq!(
            normalize("MyApp/handle/"),
            Some("/MyApp/handle".to_string())
        );
        assert_eq!(
            normalize(" /MyApp/handle// "),
            Some("/MyApp/handle".to_string())
        );
    }

    #[test]
    fn normalize_treats_empty_and_root_as_no_prefix() {
        assert_eq!(normalize(""), None);
        assert_eq!(normalize("/"), None);
        assert_eq!(normalize("  "), None);
    }

    #[test]
    fn strip_path_removes_the_prefix() {
        assert_eq!(
            strip_path("/MyApp/handle/greet/bob", "/MyApp/handle"),
            Some("/greet/bob")
        );
        assert_eq!(strip_path("/MyApp/handle/", "/MyApp/handle"), Some("/"));
    }

    #[test]
    fn strip_path_leaves_at_least_a_slash() {
        assert_eq!(strip_path("/MyApp/handle", "/MyApp/handle"), Some("/"));
    }

    #[test]
    fn strip_path_respects_segment_boundaries() {
        assert_eq!(strip_path("/MyApp/handler", "/MyApp/handle"), None);
        assert_eq!(strip_path("/greet/bob", "/MyApp/handle"), None);
        assert_eq!(strip_path("/", "/MyApp/handle"), None);
    }

    #[test]
    fn strip_path_and_query_keeps_the_query() {
        assert_eq!(
            strip_path_and_query("/MyApp/handle/greet/bob?x=1&y=2", "/MyApp/handle"),
            Some("/greet/bob?x=1&y=2".to_string())
        );
        assert_eq!(
            strip_path_and_query("/MyApp/handle?x=1", "/MyApp/handle"),
            Some("/?x=1".to_string())
        );
        assert_eq!(strip_path_and_query("/other?x=1", "/MyApp/handle"), None);
    }
}
