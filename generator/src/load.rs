//! Stage 1: reads spec files (YAML or JSON) into `serde_json::Value`s and keeps their text, so
//! that any later stage can report a line for a JSON pointer.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Diag, Error, Location, split_pointer};
use crate::locate::locate;

/// One loaded file.
#[derive(Debug)]
pub(crate) struct Source {
    pub(crate) path: PathBuf,
    pub(crate) text: String,
    pub(crate) value: Value,
}

/// A pointer prefix of the bundled document that came from another place (another file, or
/// another pointer of the same file): used to report errors where the user wrote the text.
#[derive(Debug)]
pub(crate) struct Origin {
    pub(crate) bundled_prefix: String,
    pub(crate) source: usize,
    pub(crate) pointer: String,
}

/// Every file read for one document, the root first.
#[derive(Debug, Default)]
pub(crate) struct Sources {
    pub(crate) files: Vec<Source>,
    pub(crate) origins: Vec<Origin>,
}

impl Sources {
    /// Reads and parses `path`, or returns the index of the file if it was read already.
    pub(crate) fn load(&mut self, path: &Path) -> Result<usize, Error> {
        let file_error = |message: String| Error {
            file: path.to_owned(),
            pointer: None,
            location: None,
            message,
        };
        let canonical = path
            .canonicalize()
            .map_err(|e| file_error(format!("cannot read the file: {e}")))?;
        if let Some(index) = self.files.iter().position(|s| s.path == canonical) {
            return Ok(index);
        }
        let text = std::fs::read_to_string(&canonical)
            .map_err(|e| file_error(format!("cannot read the file: {e}")))?;
        // Syntax errors name the file as it was asked for; the pipeline makes it relative.
        let value = parse(&text, path)?;
        self.files.push(Source {
            path: canonical,
            text,
            value,
        });
        Ok(self.files.len() - 1)
    }

    /// Adds the root document from text already in memory; `path` names it in messages and
    /// anchors relative references.
    pub(crate) fn load_text(&mut self, path: &Path, text: String) -> Result<usize, Error> {
        let value = parse(&text, path)?;
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        self.files.push(Source {
            path: absolute,
            text,
            value,
        });
        Ok(self.files.len() - 1)
    }

    /// The file's path: canonical, or absolute for a root given as text. Errors show the root as
    /// the caller named it (see `named` in `lib.rs`).
    pub(crate) fn path(&self, index: usize) -> &Path {
        &self.files[index].path
    }

    /// Attaches file and line to a problem found at `diag.pointer` of the bundled document.
    pub(crate) fn error(&self, diag: Diag) -> Error {
        let (source, pointer) = self.origin_of(&diag.pointer);
        let file = &self.files[source];
        Error {
            file: file.path.clone(),
            location: locate(&file.text, &pointer),
            pointer: Some(pointer),
            message: diag.message,
        }
    }

    /// Maps a bundled pointer to the file and pointer it was written at (longest prefix wins).
    fn origin_of(&self, pointer: &str) -> (usize, String) {
        let best = self
            .origins
            .iter()
            .filter(|o| {
                pointer == o.bundled_prefix
                    || pointer.starts_with(&format!("{}/", o.bundled_prefix))
            })
            .max_by_key(|o| o.bundled_prefix.len());
        match best {
            Some(origin) => (
                origin.source,
                format!(
                    "{}{}",
                    origin.pointer,
                    &pointer[origin.bundled_prefix.len()..]
                ),
            ),
            None => (0, pointer.to_owned()),
        }
    }
}

/// Parses YAML or JSON text; JSON is chosen by the file's extension or a leading `{`.
fn parse(text: &str, path: &Path) -> Result<Value, Error> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{');
    let syntax_error = |kind: &str, message: String, location: Option<Location>| Error {
        file: path.to_owned(),
        pointer: None,
        location,
        message: format!("not valid {kind}: {message}"),
    };
    if is_json {
        serde_json::from_str(text).map_err(|e| {
            let location = Location {
                line: e.line(),
                column: e.column(),
            };
            syntax_error(
                "JSON",
                strip_position(&e.to_string(), location),
                Some(location),
            )
        })
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let location = e.location().map(|l| Location {
                line: l.line(),
                column: l.column(),
            });
            let message = match location {
                Some(location) => strip_position(&e.to_string(), location),
                None => e.to_string(),
            };
            syntax_error("YAML", message, location)
        })
    }
}

/// Removes the position that is reported separately from a parser's message ("at line L column
/// C"); other positions in it (where an enclosing sequence started) stay.
fn strip_position(message: &str, location: Location) -> String {
    message.replacen(
        &format!(" at line {} column {}", location.line, location.column),
        "",
        1,
    )
}

/// The path of file `index` for messages: relative to the root file's folder when it is inside.
impl Sources {
    pub(crate) fn display_path(&self, index: usize) -> String {
        let path = &self.files[index].path;
        let root_dir = self.files[0].path.parent();
        root_dir
            .and_then(|dir| path.strip_prefix(dir).ok())
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

/// Returns the value at a JSON pointer.
pub(crate) fn at_pointer<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    let mut current = value;
    for segment in split_pointer(pointer) {
        current = match current {
            Value::Object(map) => map.get(&segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}
