//! Finds the line and column of JSON pointers in YAML or JSON source text.
//!
//! Only used when reporting: the text is re-read with `yaml-rust2`'s event parser, which knows
//! where each node starts. All the pointers of one file are looked for in one pass, which skips
//! every subtree no pointer leads into and stops once each is found.

use std::collections::{HashMap, HashSet};

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

use crate::error::{Location, split_pointer};

/// Returns where the value at `pointer` (or its key, for a mapping entry) starts in `text`.
#[cfg(test)]
pub(crate) fn locate(text: &str, pointer: &str) -> Option<Location> {
    locate_all(text, &[pointer]).pop().flatten()
}

/// Where each of `pointers` starts in `text` (its key, for a mapping entry), in order.
pub(crate) fn locate_all(text: &str, pointers: &[&str]) -> Vec<Option<Location>> {
    let mut finder = Finder::new(pointers);
    if finder.left == 0 {
        return finder.found;
    }
    let mut parser = Parser::new_from_str(text);
    // A syntax error after the targets were found does not matter; before, there is no answer.
    while let Ok((event, mark)) = parser.next_token() {
        if matches!(event, Event::StreamEnd) {
            break;
        }
        finder.on_event(event, mark);
        if finder.left == 0 {
            break;
        }
    }
    finder.found
}

enum Frame {
    /// A mapping; `key` is the key whose value comes next, `None` while a key is expected.
    Map { key: Option<String> },
    /// A sequence; `next` is the index of the next item.
    Seq { next: usize },
}

struct Finder {
    /// Each target path and the indexes of the pointers that name it.
    targets: HashMap<Vec<String>, Vec<usize>>,
    /// Every path some target lies under (the targets' proper prefixes).
    prefixes: HashSet<Vec<String>>,
    found: Vec<Option<Location>>,
    /// Targets not found yet.
    left: usize,
    /// The containers entered, innermost last.
    frames: Vec<Frame>,
    /// The path of the innermost container.
    path: Vec<String>,
    /// How deep inside a subtree that holds no target the parser is (0: not in one).
    skipping: usize,
}

impl Finder {
    fn new(pointers: &[&str]) -> Self {
        let mut targets: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
        let mut prefixes = HashSet::new();
        let mut found = vec![None; pointers.len()];
        let mut left = 0;
        for (index, pointer) in pointers.iter().enumerate() {
            let target = split_pointer(pointer);
            if target.is_empty() {
                found[index] = Some(Location { line: 1, column: 1 });
                continue;
            }
            for end in 0..target.len() {
                prefixes.insert(target[..end].to_vec());
            }
            targets.entry(target).or_default().push(index);
            left += 1;
        }
        Finder {
            targets,
            prefixes,
            found,
            left,
            frames: Vec::new(),
            path: Vec::new(),
            skipping: 0,
        }
    }

    /// Marks the node (or key) at `path` as found, if it is a target not found yet.
    fn mark(&mut self, path: &[String], mark: Marker) {
        let Some(indexes) = self.targets.get(path) else {
            return;
        };
        for &index in indexes {
            if self.found[index].is_none() {
                self.found[index] = Some(Location {
                    line: mark.line(),
                    column: mark.col() + 1,
                });
                self.left -= 1;
            }
        }
    }

    /// The path of the value about to start in the innermost container.
    fn child_path(&self) -> Option<Vec<String>> {
        let segment = match self.frames.last() {
            Some(Frame::Map { key }) => key.clone()?,
            Some(Frame::Seq { next }) => next.to_string(),
            None => return Some(Vec::new()),
        };
        let mut path = self.path.clone();
        path.push(segment);
        Some(path)
    }

    fn value_done(&mut self) {
        match self.frames.last_mut() {
            Some(Frame::Map { key }) => *key = None,
            Some(Frame::Seq { next }) => *next += 1,
            None => {}
        }
    }

    fn on_event(&mut self, event: Event, mark: Marker) {
        let starts = matches!(event, Event::MappingStart(..) | Event::SequenceStart(..));
        let ends = matches!(event, Event::MappingEnd | Event::SequenceEnd);
        if self.skipping > 0 {
            if starts {
                self.skipping += 1;
            } else if ends {
                self.skipping -= 1;
                if self.skipping == 0 {
                    self.value_done();
                }
            }
            return;
        }
        let expecting_key = matches!(self.frames.last(), Some(Frame::Map { key: None }));
        match event {
            Event::Scalar(value, ..) if expecting_key => {
                // The key itself is the most useful place to point at.
                let mut path = self.path.clone();
                path.push(value);
                self.mark(&path, mark);
                if let Some(Frame::Map { key }) = self.frames.last_mut() {
                    *key = path.pop();
                }
            }
            Event::Scalar(..) => {
                if let Some(path) = self.child_path() {
                    self.mark(&path, mark);
                }
                self.value_done();
            }
            // A YAML alias (`*name`) stands for a value written at its anchor: the targets
            // inside that value are reported at the alias, where this path is written.
            Event::Alias(..) => {
                if let Some(path) = self.child_path() {
                    self.mark(&path, mark);
                    if self.prefixes.contains(&path) {
                        let inside: Vec<Vec<String>> = self
                            .targets
                            .keys()
                            .filter(|target| target.starts_with(&path))
                            .cloned()
                            .collect();
                        for target in inside {
                            self.mark(&target, mark);
                        }
                    }
                }
                self.value_done();
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let Some(path) = self.child_path() else {
                    self.skipping = 1;
                    return;
                };
                self.mark(&path, mark);
                if !self.prefixes.contains(&path) {
                    self.skipping = 1;
                    return;
                }
                self.path = path;
                self.frames
                    .push(if matches!(event, Event::MappingStart(..)) {
                        Frame::Map { key: None }
                    } else {
                        Frame::Seq { next: 0 }
                    });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.frames.pop();
                self.path.pop();
                self.value_done();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "openapi: 3.0.3\npaths:\n  /pets/{id}:\n    get:\n      parameters:\n        - name: id\n          in: path\n";

    #[test]
    fn finds_keys_and_sequence_items() {
        let at = |p| locate(YAML, p).map(|l| (l.line, l.column));
        assert_eq!(at("/openapi"), Some((1, 1)));
        assert_eq!(at("/paths/~1pets~1{id}"), Some((3, 3)));
        // A mapping inside a sequence is marked inside the item; the line is what matters.
        assert_eq!(
            at("/paths/~1pets~1{id}/get/parameters/0").map(|(l, _)| l),
            Some(6)
        );
        assert_eq!(at("/paths/~1pets~1{id}/get/parameters/0/in"), Some((7, 11)));
        assert_eq!(at("/paths/~1nope"), None);
    }

    #[test]
    fn finds_many_pointers_in_one_pass() {
        let found: Vec<_> = locate_all(
            YAML,
            &[
                "/paths/~1pets~1{id}/get/parameters/0/in",
                "/openapi",
                "/paths/~1nope",
                "",
                "/openapi",
            ],
        )
        .into_iter()
        .map(|l| l.map(|l| l.line))
        .collect();
        assert_eq!(found, [Some(7), Some(1), None, Some(1), Some(1)]);
    }

    #[test]
    fn a_pointer_into_an_alias_is_found_at_the_alias() {
        let yaml =
            "base: &shared\n  kind:\n    type: string\nchild:\n  extra: 1\n  inherited: *shared\n";
        let found: Vec<_> = locate_all(
            yaml,
            &[
                "/child/inherited/kind/type",
                "/child/inherited",
                "/child/missing",
            ],
        )
        .into_iter()
        .map(|l| l.map(|l| l.line))
        .collect();
        assert_eq!(found, [Some(6), Some(6), None]);
    }

    #[test]
    fn finds_json_members() {
        let json = "{\n  \"a\": {\n    \"b\": [1, {\"c\": 2}]\n  }\n}";
        assert_eq!(locate(json, "/a/b/1/c").map(|l| l.line), Some(3));
    }
}
