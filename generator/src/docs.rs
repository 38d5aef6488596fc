//! Turns spec descriptions into doc comments that rustdoc and clippy accept as they are.
//!
//! Descriptions are Markdown written for other renderers. Left raw they would produce broken
//! intra-doc links (`[x]`), unclosed HTML tags (`<token>`), bare URLs, and code blocks that
//! rustdoc compiles as doctests. This module escapes or rewrites each of those.

/// Sanitizes one description into doc text (lines joined with `\n`).
pub(crate) fn sanitize(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    let mut previous_was_list_item = false;
    for raw_line in text.replace("\r\n", "\n").replace('\r', "\n").lines() {
        let line = raw_line.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            // Every fenced block becomes plain text: rustdoc would otherwise compile it.
            let fence = &trimmed[..3];
            out.push(if in_fence {
                fence.to_owned()
            } else {
                format!("{fence}text")
            });
            in_fence = !in_fence;
            previous_was_list_item = false;
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
            continue;
        }
        if trimmed.is_empty() {
            out.push(String::new());
            previous_was_list_item = false;
            continue;
        }
        let is_list_item = is_list_item(trimmed);
        // Indentation would make an (executed) indented code block or a lazy list continuation.
        if previous_was_list_item && !is_list_item {
            out.push(String::new());
        }
        out.push(escape_inline(trimmed));
        previous_was_list_item = is_list_item;
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    out.join("\n")
}

fn is_list_item(line: &str) -> bool {
    let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
    line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || (rest.len() < line.len() && (rest.starts_with(". ") || rest.starts_with(") ")))
}

/// Escapes brackets and angle brackets, and wraps bare URLs in `<...>`.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(url_len) = url_at(rest) {
            let url = &rest[..url_len];
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Length of the URL starting at `s`, if one does.
fn url_at(s: &str) -> Option<usize> {
    if !(s.starts_with("http://") || s.starts_with("https://")) {
        return None;
    }
    let end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']'))
        .unwrap_or(s.len());
    // Trailing punctuation belongs to the sentence, not the URL.
    let url = s[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '\'']);
    (url.len() > "https://".len()).then_some(url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        assert_eq!(
            sanitize("Bearer <token> [see docs]"),
            "Bearer \\<token\\> \\[see docs\\]"
        );
        assert_eq!(
            sanitize("See https://example.com/a?b=1."),
            "See <https://example.com/a?b=1>."
        );
        assert_eq!(sanitize("```\nlet x = 1;\n```"), "```text\nlet x = 1;\n```");
        assert_eq!(sanitize("    indented code"), "indented code");
        assert_eq!(sanitize("- item\ncontinued"), "- item\n\ncontinued");
        assert_eq!(sanitize("\n\nText\n\n"), "Text");
    }
}
