//! The one error shape every command returns to the window.

use serde::Serialize;

/// An error as the window receives it: `{ "code": "NotFound", "message": "person not found: Ada" }`.
///
/// `code` is stable and machine-readable (the engine's [`intrograph_engine::Error::code`], or
/// one of the shell's own codes below); `message` is written for the user and says what was
/// wrong and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CommandError {
    pub code: String,
    pub message: String,
}

impl CommandError {
    /// The workspace database could not be opened at start-up.
    pub const WORKSPACE_UNAVAILABLE: &'static str = "WorkspaceUnavailable";
    /// A previous command panicked while holding the database; the app must be restarted.
    pub const INTERNAL: &'static str = "Internal";

    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { code: code.into(), message: message.into() }
    }
}

impl From<intrograph_engine::Error> for CommandError {
    fn from(err: intrograph_engine::Error) -> Self {
        Self::new(err.code(), err.to_string())
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for CommandError {}

#[cfg(test)]
mod tests {
    use super::*;
    use intrograph_engine::Error;

    #[test]
    fn engine_errors_serialize_to_code_and_message() {
        let cases = [
            (
                Error::not_found("person", "Ada Lovelace"),
                r#"{"code":"NotFound","message":"person not found: Ada Lovelace"}"#,
            ),
            (
                Error::invalid("strength", "must be between 1 and 5, got 9"),
                r#"{"code":"Invalid","message":"invalid strength: must be between 1 and 5, got 9"}"#,
            ),
            (
                Error::input("people.csv, line 14", "missing column Email Address"),
                r#"{"code":"InvalidInput","message":"people.csv, line 14: missing column Email Address"}"#,
            ),
            (
                Error::Conflict("Ada and Grace are already related".into()),
                r#"{"code":"Conflict","message":"Ada and Grace are already related"}"#,
            ),
        ];
        for (err, json) in cases {
            let shown = serde_json::to_string(&CommandError::from(err)).unwrap();
            assert_eq!(shown, json);
        }
    }
}
