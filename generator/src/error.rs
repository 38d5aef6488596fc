//! Errors and warnings, each tied to a place in a spec: file, JSON pointer and, where it can be
//! found, line and column.

use std::fmt;
use std::path::PathBuf;

/// A problem found at one place of a document, before the file and line are known.
///
/// Every stage reports `Diag`s; the pipeline turns them into [`Error`]s by looking up which file
/// the pointer belongs to and on which line it sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diag {
    /// JSON pointer into the (bundled) document, e.g. `/paths/~1pets/get`; empty for the root.
    pub pointer: String,
    /// What is wrong, in words, naming the construct.
    pub message: String,
    /// What kind of warning it is, when it is one (an error ignores it).
    pub kind: WarningKind,
}

impl Diag {
    /// An error, or a warning about a schema ([`WarningKind::Schema`]).
    pub(crate) fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diag {
            pointer: pointer.into(),
            message: message.into(),
            kind: WarningKind::Schema,
        }
    }

    /// A warning that an operation, body or parameter is sent as near as its spec allows
    /// ([`WarningKind::Fallback`]).
    pub(crate) fn fallback(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diag {
            kind: WarningKind::Fallback,
            ..Diag::new(pointer, message)
        }
    }

    /// The same problem, as a warning of another kind.
    pub(crate) fn of_kind(self, kind: WarningKind) -> Self {
        Diag { kind, ..self }
    }
}

/// What a [`Warning`] is about. The generated code compiles whatever the kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// A schema, or part of one, modelled less exactly than written: a `serde_json::Value`, a
    /// rule not checked, a keyword read as OpenAPI 3.0 reads it.
    Schema,
    /// A key no OpenAPI or JSON Schema vocabulary defines (a misspelled keyword), ignored.
    UnknownKey,
    /// An operation, body or parameter that cannot be sent exactly as the spec says, sent as
    /// near as it allows (`docs/generator.md`, "Fallbacks").
    Fallback,
}

impl WarningKind {
    /// Every kind, in the order reports list them.
    pub const ALL: [WarningKind; 3] = [
        WarningKind::Schema,
        WarningKind::UnknownKey,
        WarningKind::Fallback,
    ];

    /// A short plural name for a report's column: `schemas`, `unknown keys`, `fallbacks`.
    pub fn label(self) -> &'static str {
        match self {
            WarningKind::Schema => "schemas",
            WarningKind::UnknownKey => "unknown keys",
            WarningKind::Fallback => "fallbacks",
        }
    }
}

/// A line and column in a source file, both starting at 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// Line number, from 1.
    pub line: usize,
    /// Column number, from 1.
    pub column: usize,
}

/// Why a document could not be turned into Rust code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The file the problem is in (a referenced file when the problem is inside one).
    pub file: PathBuf,
    /// JSON pointer of the offending value inside `file`; `None` when the problem is the file
    /// as a whole (unreadable, not YAML).
    pub pointer: Option<String>,
    /// Where in `file` the offending value starts, when it can be found.
    pub location: Option<Location>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(loc) = self.location {
            write!(f, ":{}:{}", loc.line, loc.column)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(pointer) = &self.pointer {
            write!(f, " (at #{pointer})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Something the generator handled in a documented, lossy way (for example a construct mapped to
/// `serde_json::Value`, or a parameter sent as near as its spec allows), and what kind of thing
/// it is. Never fatal, always reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning(pub Error, pub WarningKind);

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "warning: {}", self.0)
    }
}

/// Escapes one JSON pointer segment (RFC 6901): `~` as `~0`, `/` as `~1`.
pub(crate) fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Splits a JSON pointer (without the leading `#`) into unescaped segments.
pub(crate) fn split_pointer(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(unescape_segment)
        .collect()
}

/// Unescapes one JSON pointer segment (RFC 6901): `~1` as `/`, then `~0` as `~`.
pub(crate) fn unescape_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Appends one segment to a pointer.
pub(crate) fn join(pointer: &str, segment: &str) -> String {
    format!("{pointer}/{}", escape_segment(segment))
}
