//! Finds the line and column of a JSON pointer in YAML or JSON source text.
//!
//! Only used when reporting: the text is re-read with `yaml-rust2`'s event parser, which knows
//! where each node starts, and the walk stops at the first node on the pointer's path.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::error::{Location, split_pointer};

/// Returns where the value at `pointer` (or its key, for a mapping entry) starts in `text`.
pub(crate) fn locate(text: &str, pointer: &str) -> Option<Location> {
    let mut finder = Finder {
        target: split_pointer(pointer),
        frames: Vec::new(),
        found: None,
    };
    if finder.target.is_empty() {
        return Some(Location { line: 1, column: 1 });
    }
    let mut parser = Parser::new_from_str(text);
    // A syntax error after the target was found does not matter; before it, there is no answer.
    let _ = parser.load(&mut finder, false);
    finder.found
}

enum Frame {
    /// A mapping; `key` is the key whose value comes next, `None` while a key is expected.
    Map { key: Option<String> },
    /// A sequence; `next` is the index of the next item.
    Seq { next: usize },
}

struct Finder {
    target: Vec<String>,
    frames: Vec<Frame>,
    found: Option<Location>,
}

impl Finder {
    fn segment(frame: &Frame) -> Option<String> {
        match frame {
            Frame::Map { key } => key.clone(),
            Frame::Seq { next } => Some(next.to_string()),
        }
    }

    /// Whether the node about to start is the target. For a mapping key, `key` is the key and
    /// the top frame is still waiting for it; for a value, every frame has its segment.
    fn is_target(&self, key: Option<&str>) -> bool {
        let mut path: Vec<String> = Vec::with_capacity(self.frames.len() + 1);
        let frames = match key {
            Some(_) => &self.frames[..self.frames.len().saturating_sub(1)],
            None => &self.frames[..],
        };
        for frame in frames {
            match Self::segment(frame) {
                Some(segment) => path.push(segment),
                None => return false,
            }
        }
        path.extend(key.map(str::to_owned));
        path == self.target
    }

    fn value_done(&mut self) {
        match self.frames.last_mut() {
            Some(Frame::Map { key }) => *key = None,
            Some(Frame::Seq { next }) => *next += 1,
            None => {}
        }
    }

    fn mark(&mut self, mark: Marker) {
        self.found = Some(Location {
            line: mark.line(),
            column: mark.col() + 1,
        });
    }
}

impl MarkedEventReceiver for Finder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.found.is_some() {
            return;
        }
        let expecting_key = matches!(self.frames.last(), Some(Frame::Map { key: None }));
        match ev {
            Event::Scalar(value, ..) if expecting_key => {
                // The key itself is the most useful place to point at.
                if self.is_target(Some(&value)) {
                    self.mark(mark);
                }
                if let Some(Frame::Map { key }) = self.frames.last_mut() {
                    *key = Some(value);
                }
            }
            Event::Scalar(..) | Event::Alias(..) => {
                if self.is_target(None) {
                    self.mark(mark);
                }
                self.value_done();
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if self.is_target(None) {
                    self.mark(mark);
                }
                self.frames.push(if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map { key: None }
                } else {
                    Frame::Seq { next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.frames.pop();
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
    fn finds_json_members() {
        let json = "{\n  \"a\": {\n    \"b\": [1, {\"c\": 2}]\n  }\n}";
        assert_eq!(locate(json, "/a/b/1/c").map(|l| l.line), Some(3));
    }
}
