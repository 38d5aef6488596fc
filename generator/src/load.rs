//! Stage 1: reads spec files (YAML or JSON) into `serde_json::Value`s and keeps their text, so
//! that any later stage can report a line for a JSON pointer. A referenced file that is not
//! `.yaml`, `.yml` or `.json` (Markdown, plain text) is kept as one string. Files are known by
//! their canonical path, so one file reached by two relative paths is read once; a URL is read
//! from the local folder its prefix is mapped to (nothing is ever fetched). This module only
//! reads: what a reference means is `resolve`'s.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Diag, Error, Location, split_pointer};
use crate::locate::locate_all;

/// One loaded file.
#[derive(Debug)]
pub(crate) struct Source {
    pub(crate) path: PathBuf,
    pub(crate) text: String,
    /// The parsed document, or the whole text as a string for a text file.
    pub(crate) value: Value,
    /// Whether the file is read as text (not `.yaml`, `.yml` or `.json`).
    pub(crate) is_text: bool,
    /// The URL the file stands for, when it was reached through a reference map: references
    /// inside it are relative to that URL.
    pub(crate) url: Option<String>,
}

/// A URL prefix and the local folder that holds what is under it (`Settings::with_ref_map`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RefMap {
    pub(crate) prefix: String,
    pub(crate) dir: PathBuf,
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
    /// Stages only ever push to it: an origin recorded is never changed or removed.
    pub(crate) origins: Vec<Origin>,
    /// Where URLs are read from; a URL under no prefix is not read.
    pub(crate) ref_maps: Vec<RefMap>,
    /// `origins` by bundled prefix, for [`Sources::origin_of`].
    pub(crate) index: RefCell<OriginIndex>,
}

/// The last origin recorded for each bundled prefix, brought up to date with `origins` when it
/// is read. A lookup walks up the pointer's own prefixes (a handful) instead of every origin,
/// which made moving pieces in large documents (`null_type`, `openapi31`) quadratic.
#[derive(Debug, Default)]
pub(crate) struct OriginIndex {
    /// How many of `origins` are indexed.
    indexed: usize,
    last: HashMap<String, usize>,
}

impl Sources {
    /// Reads and parses `path`, or returns the index of the file if it was read already.
    pub(crate) fn load(&mut self, path: &Path) -> Result<usize, Error> {
        self.read(path, None, false)
    }

    /// Reads a file a reference names: as text unless it is `.yaml`, `.yml` or `.json`. `url`
    /// is the URL it stands for, when it was reached through a reference map.
    pub(crate) fn load_referenced(
        &mut self,
        path: &Path,
        url: Option<String>,
    ) -> Result<usize, Error> {
        self.read(path, url, !is_document(path))
    }

    fn read(&mut self, path: &Path, url: Option<String>, is_text: bool) -> Result<usize, Error> {
        let file_error = |message: String| Error {
            file: path.to_owned(),
            pointer: None,
            location: None,
            message,
        };
        // `..` taken out first: `a/../b.yaml` is `b.yaml` even where no folder `a` exists.
        let canonical = normalize(path)
            .canonicalize()
            .map_err(|e| file_error(format!("cannot read the file: {e}")))?;
        if let Some(index) = self.files.iter().position(|s| s.path == canonical) {
            return Ok(index);
        }
        let text = std::fs::read_to_string(&canonical)
            .map_err(|e| file_error(format!("cannot read the file: {e}")))?;
        let value = if is_text {
            Value::String(text.clone())
        } else {
            // Syntax errors name the file as it was asked for; the pipeline makes it relative.
            parse(&text, path)?
        };
        self.files.push(Source {
            path: canonical,
            text,
            value,
            is_text,
            url,
        });
        Ok(self.files.len() - 1)
    }

    /// Adds the root document from text already in memory; `path` names it in messages and
    /// anchors relative references.
    pub(crate) fn load_text(&mut self, path: &Path, text: String) -> Result<usize, Error> {
        let value = parse(&text, path)?;
        // Canonical when the file exists, so that a reference back to it finds it.
        let absolute = path.canonicalize().unwrap_or_else(|_| normalize(path));
        self.files.push(Source {
            path: absolute,
            text,
            value,
            is_text: false,
            url: None,
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
            location: locate_all(&file.text, &[&pointer]).pop().flatten(),
            pointer: Some(pointer),
            message: diag.message,
        }
    }

    /// Attaches file and line to each problem, reading each file once for all its pointers.
    pub(crate) fn errors(&self, diags: Vec<Diag>) -> Vec<Error> {
        let origins: Vec<(usize, String)> =
            diags.iter().map(|d| self.origin_of(&d.pointer)).collect();
        let mut locations = vec![None; diags.len()];
        for source in 0..self.files.len() {
            let wanted: Vec<usize> = (0..diags.len())
                .filter(|&i| origins[i].0 == source)
                .collect();
            if wanted.is_empty() {
                continue;
            }
            let pointers: Vec<&str> = wanted.iter().map(|&i| origins[i].1.as_str()).collect();
            let found = locate_all(&self.files[source].text, &pointers);
            for (i, location) in wanted.into_iter().zip(found) {
                locations[i] = location;
            }
        }
        diags
            .into_iter()
            .zip(origins)
            .zip(locations)
            .map(|((diag, (source, pointer)), location)| Error {
                file: self.files[source].path.clone(),
                location,
                pointer: Some(pointer),
                message: diag.message,
            })
            .collect()
    }

    /// Maps a bundled pointer to the file and pointer it was written at (longest prefix wins).
    /// Frees the parsed values once the document is bundled; the text stays, for locating.
    pub(crate) fn drop_values(&mut self) {
        for file in &mut self.files {
            file.value = Value::Null;
        }
    }

    /// Records that what is now at `to` in the bundled document was written where `from` (also
    /// a bundled pointer) was: a stage that moves a piece keeps its messages on its line.
    pub(crate) fn moved(&mut self, to: &str, from: &str) {
        let (source, pointer) = self.origin_of(from);
        self.origins.push(Origin {
            bundled_prefix: to.to_owned(),
            source,
            pointer,
        });
    }

    /// The file and pointer where what is at `pointer` of the bundled document was written.
    /// The longest recorded prefix of `pointer` (itself, or cut before one of its `/`) wins,
    /// and of several origins with that prefix the last recorded.
    pub(crate) fn origin_of(&self, pointer: &str) -> (usize, String) {
        let mut index = self.index.borrow_mut();
        let OriginIndex { indexed, last } = &mut *index;
        // Origins are only ever pushed: index the ones recorded since the last lookup (all of
        // them again, should that ever change).
        if *indexed > self.origins.len() {
            *indexed = 0;
            last.clear();
        }
        for (i, origin) in self.origins.iter().enumerate().skip(*indexed) {
            last.insert(origin.bundled_prefix.clone(), i);
        }
        *indexed = self.origins.len();
        let mut prefix = pointer;
        let best = loop {
            if let Some(&i) = last.get(prefix) {
                break Some(&self.origins[i]);
            }
            match prefix.rfind('/') {
                Some(cut) => prefix = &prefix[..cut],
                None => break None,
            }
        };
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
        serde_yaml::from_str::<Yaml>(text)
            .map(|y| y.0)
            .map_err(|e| {
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

/// A YAML document as JSON. Integers beyond 64 bits, which YAML allows and `serde_json::Value`
/// refuses, become floating-point numbers, as a JSON reader makes them (a `maximum` of
/// 18446744073709552000 is valid OpenAPI); everything else is read as `Value` reads it.
struct Yaml(Value);

impl<'de> serde::Deserialize<'de> for Yaml {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(YamlVisitor).map(Yaml)
    }
}

struct YamlVisitor;

impl<'de> serde::de::Visitor<'de> for YamlVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::from(v as f64), Value::from))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| Value::from(v as f64), Value::from))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // Not finite (`.nan`, `.inf`): JSON has no such number; `Value` makes it `null`.
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::Deserialize::deserialize(d).map(|y: Yaml| y.0)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Yaml(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some((key, Yaml(value))) = map.next_entry::<String, Yaml>()? {
            object.insert(key, value);
        }
        Ok(Value::Object(object))
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

impl Sources {
    /// The local file that holds `url` (without its fragment), by the longest prefix of the
    /// reference maps that it starts with; `None` when no prefix matches or what follows the
    /// prefix would leave its folder.
    pub(crate) fn map_url(&self, url: &str) -> Option<PathBuf> {
        let map = self
            .ref_maps
            .iter()
            .filter(|m| url.starts_with(&m.prefix))
            .max_by_key(|m| m.prefix.len())?;
        let rest = &url[map.prefix.len()..];
        let rest = rest.split(['?', '#']).next().unwrap_or_default();
        let mut path = map.dir.clone();
        for segment in rest.split('/').filter(|s| !s.is_empty() && *s != ".") {
            let segment = crate::resolve::percent_decode(segment);
            if segment == ".." || segment.contains(['/', '\\']) {
                return None;
            }
            path.push(segment);
        }
        Some(path)
    }
}

/// Whether a referenced file is a document (YAML or JSON) rather than text, by its extension.
pub(crate) fn is_document(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        ["yaml", "yml", "json"]
            .iter()
            .any(|known| e.eq_ignore_ascii_case(known))
    })
}

/// `path` made absolute with `.` and `..` taken out lexically (symbolic links are not looked
/// at): the name of a file that may not exist.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(component);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Resolves a relative reference against the URL of the file it is written in (RFC 3986,
/// section 5.2): `../b.yaml` against `https://h/x/a.yaml` is `https://h/b.yaml`. A reference
/// that is a URL itself is returned as it is.
pub(crate) fn join_url(base: &str, reference: &str) -> String {
    if is_url(reference) {
        return reference.to_owned();
    }
    let Some((scheme, after_scheme)) = base.split_once("://") else {
        return reference.to_owned();
    };
    if let Some(rest) = reference.strip_prefix("//") {
        return format!("{scheme}://{rest}");
    }
    let (authority, base_path) = match after_scheme.find('/') {
        Some(i) => after_scheme.split_at(i),
        None => (after_scheme, "/"),
    };
    let base_path = base_path.split(['?', '#']).next().unwrap_or("/");
    let merged = if reference.starts_with('/') {
        reference.to_owned()
    } else {
        let dir = &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{reference}")
    };
    format!("{scheme}://{authority}{}", remove_dot_segments(&merged))
}

/// Whether a reference's file part is an absolute URL (`scheme://...`), not a path.
pub(crate) fn is_url(reference: &str) -> bool {
    reference.split_once("://").is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// Takes `.` and `..` segments out of a URL path (RFC 3986, section 5.2.4).
fn remove_dot_segments(path: &str) -> String {
    let (path, tail) = match path.find(['?', '#']) {
        Some(i) => path.split_at(i),
        None => (path, ""),
    };
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            other => out.push(other),
        }
    }
    format!("{}{tail}", out.join("/"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_recorded_prefix_and_then_the_last_recorded_origin_wins() {
        let mut sources = Sources::default();
        let origin = |prefix: &str, source: usize, pointer: &str| Origin {
            bundled_prefix: prefix.to_owned(),
            source,
            pointer: pointer.to_owned(),
        };
        sources.origins.push(origin("/a", 1, "/x"));
        assert_eq!(sources.origin_of("/a/b/c"), (1, "/x/b/c".to_owned()));
        // Recorded after a lookup, a longer prefix is seen by the next one.
        sources.origins.push(origin("/a/b", 2, "/y"));
        assert_eq!(sources.origin_of("/a/b/c"), (2, "/y/c".to_owned()));
        assert_eq!(sources.origin_of("/a/b"), (2, "/y".to_owned()));
        // A prefix matches whole segments only.
        assert_eq!(sources.origin_of("/a/bc"), (1, "/x/bc".to_owned()));
        assert_eq!(sources.origin_of("/ab"), (0, "/ab".to_owned()));
        // Of two origins with the same prefix, the one recorded last.
        sources.origins.push(origin("/a/b", 3, "/z"));
        assert_eq!(sources.origin_of("/a/b/c"), (3, "/z/c".to_owned()));
        // The root as a prefix stands for every pointer.
        sources.origins.push(origin("", 4, "/r"));
        assert_eq!(sources.origin_of("/q"), (4, "/r/q".to_owned()));
        assert_eq!(sources.origin_of("/a/b/c"), (3, "/z/c".to_owned()));
    }

    #[test]
    fn yaml_integers_beyond_64_bits_are_numbers_not_errors() {
        let text = "big: 18446744073709552000\nsmall: -170141183460469231731687303715884105728\nu64: 18446744073709551615\nplain: 5\n200: ok\nnan: .nan\n";
        let value = parse(text, Path::new("spec.yaml")).unwrap();
        assert_eq!(value["big"].as_f64(), Some(18446744073709552000.0));
        assert!(value["big"].as_u64().is_none());
        assert_eq!(value["small"].as_f64(), Some(-1.7014118346046923e38));
        assert_eq!(value["u64"].as_u64(), Some(u64::MAX));
        assert_eq!(value["plain"].as_i64(), Some(5));
        // Keys are text, as JSON's are; JSON has no NaN.
        assert_eq!(value["200"], Value::String("ok".into()));
        assert_eq!(value["nan"], Value::Null);
    }

    #[test]
    fn a_spec_with_such_a_bound_generates() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Len:\n      type: integer\n      minimum: 4\n      maximum: 18446744073709552000\n";
        let output =
            crate::generate_from_str(Path::new("spec.yaml"), spec, &crate::Settings::default())
                .unwrap();
        assert!(
            output.code.contains("pub type Len = i64;"),
            "{}",
            output.code
        );
    }

    #[test]
    fn relative_references_resolve_against_urls() {
        let base = "https://example.com/s/v1/pet.yaml";
        assert_eq!(
            join_url(base, "owner.yaml"),
            "https://example.com/s/v1/owner.yaml"
        );
        assert_eq!(
            join_url(base, "./a/../owner.yaml"),
            "https://example.com/s/v1/owner.yaml"
        );
        assert_eq!(
            join_url(base, "../../../../x.yaml"),
            "https://example.com/x.yaml"
        );
        assert_eq!(
            join_url(base, "/root.yaml"),
            "https://example.com/root.yaml"
        );
        assert_eq!(
            join_url(base, "//other.org/a.yaml"),
            "https://other.org/a.yaml"
        );
        assert_eq!(join_url(base, "http://b.org/c.json"), "http://b.org/c.json");
        assert!(is_url("https://a.b/c") && !is_url("C://x") && !is_url("a/b.yaml"));
    }

    #[test]
    fn urls_map_to_files_under_the_longest_prefix_and_never_above_it() {
        let sources = Sources {
            ref_maps: vec![
                RefMap {
                    prefix: "https://e.com/".into(),
                    dir: "all".into(),
                },
                RefMap {
                    prefix: "https://e.com/s/".into(),
                    dir: "schemas".into(),
                },
            ],
            ..Sources::default()
        };
        assert_eq!(
            sources.map_url("https://e.com/s/a%20b/p.yaml?v=1"),
            Some(PathBuf::from("schemas/a b/p.yaml"))
        );
        assert_eq!(
            sources.map_url("https://e.com/x.yaml"),
            Some(PathBuf::from("all/x.yaml"))
        );
        assert_eq!(sources.map_url("https://e.com/s/%2e%2e/x.yaml"), None);
        assert_eq!(sources.map_url("https://other.org/x.yaml"), None);
    }

    #[test]
    fn paths_are_normalized_lexically() {
        let normal = normalize(Path::new("a/./b/../c.yaml"));
        assert!(normal.is_absolute());
        assert!(normal.ends_with("a/c.yaml"), "{}", normal.display());
        assert!(is_document(Path::new("x.YML")) && !is_document(Path::new("x.md")));
    }
}
