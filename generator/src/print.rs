//! Stage 6: turns the emitted pieces into text. Each piece is emitted, parsed (`syn`) and
//! formatted (`prettyplease`) on its own and dropped, so memory follows the largest piece, not the
//! module. Pieces are shared among a few threads in blocks; the text is joined in piece order, so
//! the output does not depend on how the work was shared.
//!
//! The constants of the `operations` module and the client's methods are printed one by one and
//! indented inside their block (the module, the `impl Client`), whose opening and closing lines
//! `emit` gives as text. The body of a brace-delimited macro call (the runtime's enum macros,
//! `object!` and `builder!`) is printed as the item it looks like, which `prettyplease` would print
//! as one run of tokens. Layout only: it asks `emit` for the pieces
//! and their tokens, and never decides what they contain.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::contact::ContactMapping;
use crate::emit::{self, METHODS_CLOSE, METHODS_OPEN, Piece};
use crate::ir::Module;

/// Pieces per unit of work: enough to keep the threads' bookkeeping negligible, few enough to
/// share the work evenly.
const BLOCK: usize = 32;

/// The formatted text of every piece of `module`, in order. `runtime_path` is checked by the
/// caller to be a valid path.
pub(crate) fn print(
    module: &Module,
    contact: Option<&ContactMapping>,
    runtime_path: &str,
) -> Result<String, String> {
    let pieces = emit::pieces(module);
    let shared = emit::SharedLists::new(module);
    let blocks = pieces.len().div_ceil(BLOCK);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(blocks.max(1));
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<String>>> = Mutex::new(vec![None; blocks]);
    let work = || -> Result<(), String> {
        // Tokens are not `Send`: every thread parses its own copy of the runtime path.
        let rt: syn::Path = syn::parse_str(runtime_path).map_err(|e| e.to_string())?;
        loop {
            let block = next.fetch_add(1, Ordering::Relaxed);
            if block >= blocks {
                return Ok(());
            }
            let start = block * BLOCK;
            let end = (start + BLOCK).min(pieces.len());
            let mut text = String::new();
            for (index, piece) in pieces[start..end].iter().enumerate() {
                let previous = (start + index).checked_sub(1).map(|i| pieces[i]);
                print_piece(
                    module,
                    &shared,
                    &rt,
                    runtime_path,
                    *piece,
                    previous,
                    &mut text,
                )?;
            }
            done.lock().map_err(|_| "a printing thread failed")?[block] = Some(text);
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut result = work();
        for helper in helpers {
            let outcome = helper
                .join()
                .unwrap_or_else(|_| Err("a printing thread panicked".into()));
            result = result.and(outcome);
        }
        result
    })?;
    let done = done.into_inner().map_err(|_| "a printing thread failed")?;
    let mut out = String::with_capacity(done.iter().flatten().map(String::len).sum::<usize>() + 8);
    for text in done {
        out.push_str(&text.ok_or("a block of pieces was not printed")?);
    }
    if let Some(block) = pieces.last().copied().and_then(Block::of) {
        out.push_str(&block.close(module));
    }
    // The contact mapping, last: it names the client and the operation's types.
    if let Some(contact) = contact {
        let rt: syn::Path = syn::parse_str(runtime_path).map_err(|e| e.to_string())?;
        let tokens = emit::contact_items(module, contact, &rt);
        let file: syn::File = syn::parse2(tokens).map_err(|e| format!("contact mapping: {e}"))?;
        out.push_str(&format_file(file));
    }
    Ok(out)
}

/// A block whose pieces are printed one by one inside it, indented.
#[derive(Clone, Copy, PartialEq)]
enum Block {
    /// The `operations` module, around its constants.
    Operations,
    /// The `impl Client` around the methods.
    Methods,
}

impl Block {
    fn of(piece: Piece) -> Option<Block> {
        match piece {
            Piece::OperationsHead | Piece::Operation(_) => Some(Block::Operations),
            Piece::ClientMethod(_) => Some(Block::Methods),
            _ => None,
        }
    }

    fn open(self, runtime_path: &str) -> String {
        match self {
            Block::Operations => emit::operations_open(runtime_path),
            Block::Methods => METHODS_OPEN.to_owned(),
        }
    }

    fn close(self, module: &Module) -> String {
        match self {
            Block::Operations => emit::operations_close(module),
            Block::Methods => METHODS_CLOSE.to_owned(),
        }
    }
}

/// Appends one piece's text. The constants of the `operations` module and the client's methods
/// are indented inside their block; `previous` tells whether a block has to be opened or closed
/// around this piece.
fn print_piece(
    module: &Module,
    shared: &emit::SharedLists,
    rt: &syn::Path,
    runtime_path: &str,
    piece: Piece,
    previous: Option<Piece>,
    out: &mut String,
) -> Result<(), String> {
    let block = Block::of(piece);
    let after = previous.and_then(Block::of);
    if block != after {
        if let Some(after) = after {
            out.push_str(&after.close(module));
        }
        if let Some(block) = block {
            out.push_str(&block.open(runtime_path));
        }
    }
    let tokens = emit::emit_piece(module, shared, rt, piece);
    let mut file: syn::File = syn::parse2(tokens).map_err(|e| format!("{piece:?}: {e}"))?;
    if let Some(feature) = emit::feature_of(module, piece) {
        for item in &mut file.items {
            if let Some(attrs) = attrs_of(item) {
                // After the doc comment, before the other attributes.
                let at = attrs
                    .iter()
                    .take_while(|a| a.path().is_ident("doc"))
                    .count();
                attrs.insert(at, syn::parse_quote!(#[cfg(feature = #feature)]));
            }
        }
    }
    let text = format_file(file);
    if block.is_some() {
        for line in text.lines() {
            if !line.is_empty() {
                out.push_str("    ");
            }
            out.push_str(line);
            out.push('\n');
        }
    } else {
        out.push_str(&text);
    }
    Ok(())
}

/// The attributes of an item, for the kinds of item `emit` writes.
fn attrs_of(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Const(i) => Some(&mut i.attrs),
        syn::Item::Enum(i) => Some(&mut i.attrs),
        syn::Item::Fn(i) => Some(&mut i.attrs),
        syn::Item::Impl(i) => Some(&mut i.attrs),
        syn::Item::Macro(i) => Some(&mut i.attrs),
        syn::Item::Mod(i) => Some(&mut i.attrs),
        syn::Item::Static(i) => Some(&mut i.attrs),
        syn::Item::Struct(i) => Some(&mut i.attrs),
        syn::Item::Trait(i) => Some(&mut i.attrs),
        syn::Item::Type(i) => Some(&mut i.attrs),
        syn::Item::Union(i) => Some(&mut i.attrs),
        syn::Item::Use(i) => Some(&mut i.attrs),
        _ => None,
    }
}

/// Prints items with `prettyplease`. A macro call whose body is one item (the runtime's enum
/// macros, `object!` and `builder!`) is printed as that item, since `prettyplease` would print the
/// body as one run of tokens: the call opens on the line before it, and closes at the end of its
/// last line.
fn format_file(file: syn::File) -> String {
    let mut out = String::new();
    let mut attrs = file.attrs;
    let mut plain = Vec::new();
    for item in file.items {
        let body = match &item {
            syn::Item::Macro(m) if matches!(m.mac.delimiter, syn::MacroDelimiter::Brace(_)) => {
                syn::parse2::<syn::Item>(m.mac.tokens.clone())
                    .ok()
                    .map(|body| (&m.mac.path, body))
            }
            _ => None,
        };
        let Some((path, body)) = body else {
            plain.push(item);
            continue;
        };
        let path = quote::quote!(#path).to_string().replace(' ', "");
        out.push_str(&unparse(
            std::mem::take(&mut plain),
            std::mem::take(&mut attrs),
        ));
        // The call's own attributes (a `cfg`), as `prettyplease` prints them on a call with an
        // empty body.
        if let syn::Item::Macro(call) = &item {
            if !call.attrs.is_empty() {
                let attrs = &call.attrs;
                let empty: syn::Item = syn::parse_quote!(#(#attrs)* call! {});
                let text = unparse(vec![empty], Vec::new());
                for line in text.lines().take_while(|l| !l.starts_with("call!")) {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        // The call's closing brace ends the item's last line: a line per call, not two.
        out.push_str(&format!("{path}! {{\n"));
        out.push_str(unparse(vec![body], Vec::new()).trim_end());
        out.push_str("}\n");
    }
    out.push_str(&unparse(plain, attrs));
    out
}

fn unparse(items: Vec<syn::Item>, attrs: Vec<syn::Attribute>) -> String {
    if items.is_empty() && attrs.is_empty() {
        return String::new();
    }
    prettyplease::unparse(&syn::File {
        shebang: None,
        frontmatter: None,
        attrs,
        items,
    })
}
