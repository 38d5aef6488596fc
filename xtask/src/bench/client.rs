//! The client section of `cargo xtask bench`: runs the divan benchmark of a generated client
//! against the same call written by hand (`generated/benches/client.rs`) a few times, reads
//! divan's medians from its table, and returns the Markdown section with the ratio against its
//! target and, from the benchmark's `parts`, where the difference goes. Writes nothing itself.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use crate::peers::median;

/// Runs of the whole benchmark; each figure is the median over them (and each is divan's
/// median of its samples within a run).
const RUNS: usize = 5;

/// The ratio of the generated call (no subscriber) to the hand-written one it must not exceed.
const TARGET: f64 = 1.05;

/// The calls, by their benchmark's name, as the report names them.
const CALLS: &[(&str, &str)] = &[
    ("call_1_by_hand", "by hand (`reqwest` + `serde_json`)"),
    ("call_2_generated", "generated, no subscriber"),
    (
        "call_3_generated_subscriber_info",
        "generated, a subscriber taking `INFO` and above, keeping nothing",
    ),
    (
        "call_4_generated_subscriber_trace",
        "generated, a subscriber taking every level, keeping nothing",
    ),
];

/// Runs the benchmark and returns the section (without its heading).
pub fn run(root: &Path) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut runs: Vec<BTreeMap<String, f64>> = Vec::new();
    for run in 0..RUNS {
        eprintln!("== client benchmark, run {}", run + 1);
        let output = Command::new(&cargo)
            .args([
                "bench",
                "--quiet",
                "-p",
                "crm-contact-clients",
                "--bench",
                "client",
                "--",
                "--color",
                "never",
            ])
            .current_dir(root)
            .output()
            .map_err(|e| format!("cannot run cargo bench: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "the client benchmark failed: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        runs.push(medians(&String::from_utf8_lossy(&output.stdout)));
    }
    // A figure's median over the runs, in microseconds.
    let figure = |name: &str| -> Result<f64, String> {
        let values: Vec<f64> = runs.iter().filter_map(|r| r.get(name).copied()).collect();
        if values.len() != runs.len() {
            return Err(format!("the client benchmark did not report `{name}`"));
        }
        Ok(median(values) * 1e6)
    };
    // Ratios are taken within a run, whose calls were measured minutes apart at most.
    let ratio = |name: &str| -> f64 {
        median(
            runs.iter()
                .filter_map(|r| Some(r.get(name)? / r.get(CALLS[0].0)?))
                .collect(),
        )
    };
    let mut out = format!(
        "`cargo bench -p crm-contact-clients --bench client`, run {RUNS} times; each figure is the median of the runs' medians, each ratio the median of the runs' ratios. One call of HighLevel's `update_contact` (a body with an email, a phone and a country checked against the spec's patterns and a website checked as a URI; the bearer credential; the constant `Version` header; the answer decoded into `UpdateContactResponse`) to a server on loopback answering a fixed 295-byte JSON body, run on the benchmark's own thread (no wait for another thread to be scheduled enters the figures), through the generated client and written by hand with `reqwest` and `serde_json` (the same body and answer types, the same `reqwest::Client`, no checks). The subscribers take spans and events and keep nothing, so their rows are the cost of `tracing` itself.\n\n| call | median per call (µs) | / by hand | target |\n|---|---:|---:|---|\n"
    );
    for (i, (name, label)) in CALLS.iter().enumerate() {
        let target = match i {
            0 => String::new(),
            1 if ratio(name) <= TARGET => format!("≤ {TARGET}: met"),
            1 => format!("≤ {TARGET}: **not met**"),
            _ => "(the cost of tracing)".to_owned(),
        };
        let _ = writeln!(
            out,
            "| {label} | {:.1} | {:.3} | {target} |",
            figure(name)?,
            ratio(name)
        );
    }
    let generated = figure(CALLS[1].0)?;
    let by_hand = figure(CALLS[0].0)?;
    let difference = by_hand * (ratio(CALLS[1].0) - 1.0);
    let info = figure(CALLS[2].0)? - generated;
    let trace = figure(CALLS[3].0)? - generated;
    let validate = figure("validate")?;
    let request = figure("request")?;
    let serialize = figure("serialize")?;
    let added = validate + (request - serialize);
    // The difference as the ratio says it (taken within runs), not as two medians taken over
    // different runs would.
    let _ = write!(
        out,
        "\nWith a subscriber, a call costs {} when it takes `INFO` (the `api_call` span; a successful call writes no event at that level) and {} when it takes every level (the span and the attempt's and the outcome's events); with none, each `tracing` call is one check of a level and the span is never built.\n\nWhere the {:.1} µs between the generated call and the hand-written one go, from the steps the benchmark times alone (`parts`, medians in µs): checking the body against the spec {validate:.2}; putting the request together (`Request`: the path parameter, the checks' result, the JSON body) {request:.2}, of which serializing the body, which the hand-written call does too, is {serialize:.2}; the answer is decoded by `serde_json` alone, as by hand (the path to a failure is worked out only when decoding fails). These add {added:.2} µs, {:.1}% of the hand-written call, where the target allows {:.2} µs ({:.0}%) for everything; the other {:.2} µs are in `Client::execute`. A profile of the two calls (`perf`, 2026-12-01) finds no single place there: moving larger futures, more allocations (the URL's text, the path with its parameter, header values), the URL checked against the base, the retry loop's bookkeeping and clock readings, and the body read chunk by chunk into a bounded buffer each take a fraction of a microsecond. Meeting the target would take moving work out of the call (a body checked once when it is built, a URL prefix built once per client), not a faster version of the same work.\n",
        extra_cost(info),
        extra_cost(trace),
        difference,
        added / by_hand * 100.0,
        by_hand * (TARGET - 1.0),
        (TARGET - 1.0) * 100.0,
        difference - added,
    );
    Ok(out)
}

/// What a subscriber adds to a call, in words: a call that came out faster with one than
/// without is within the runs' noise, not cheaper.
fn extra_cost(micros: f64) -> String {
    if micros > 0.0 {
        format!("{micros:.2} µs more")
    } else {
        format!(
            "nothing measurable (the runs with it came out {:.2} µs faster: noise)",
            -micros
        )
    }
}

/// Divan's median of each benchmark in its table, in seconds, by the benchmark's own name (the
/// last part of its path). Rows without figures (groups) are left out.
fn medians(table: &str) -> BTreeMap<String, f64> {
    let mut found = BTreeMap::new();
    for line in table.lines() {
        let cells: Vec<&str> = line.split('│').collect();
        if cells.len() < 6 {
            continue;
        }
        let first = cells[0].trim_start_matches(['├', '╰', '─', ' ']);
        let Some((name, _fastest)) = first.trim().split_once(char::is_whitespace) else {
            continue;
        };
        if let Some(seconds) = duration(cells[2]) {
            found.insert(name.to_owned(), seconds);
        }
    }
    found
}

/// A duration as divan prints it (`27.79 µs`), in seconds.
fn duration(text: &str) -> Option<f64> {
    let (number, unit) = text.trim().split_once(' ')?;
    let number: f64 = number.parse().ok()?;
    let scale = match unit.trim() {
        "ns" => 1e-9,
        "µs" | "us" => 1e-6,
        "ms" => 1e-3,
        "s" => 1.0,
        _ => return None,
    };
    Some(number * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn divan_medians_are_read_by_name_and_groups_are_skipped() {
        let table = "\
Timer precision: 20 ns
client                                fastest       │ slowest       │ median        │ mean          │ samples │ iters
├─ call_1_by_hand                     26.79 µs      │ 5.311 ms      │ 27.79 µs      │ 74.96 µs      │ 400     │ 400
╰─ parts                                            │               │               │               │         │
   ├─ decode                          540.7 ns      │ 5.166 µs      │ 620.7 ns      │ 681.9 ns      │ 100     │ 100
   ╰─ validate                        770.7 ns      │ 5.728 µs      │ 1.5 ms        │ 952.3 ns      │ 100     │ 100
";
        let found = medians(table);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!((found["call_1_by_hand"] - 27.79e-6).abs() < 1e-12);
        assert!((found["decode"] - 620.7e-9).abs() < 1e-15);
        assert!((found["validate"] - 1.5e-3).abs() < 1e-12);
    }

    #[test]
    fn a_subscriber_that_came_out_cheaper_is_said_to_be_noise() {
        assert_eq!(extra_cost(0.42), "0.42 µs more");
        let faster = extra_cost(-0.55);
        assert!(faster.starts_with("nothing measurable"), "{faster}");
        assert!(
            faster.contains("0.55 µs faster") && !faster.contains('-'),
            "{faster}"
        );
    }
}
