//! `cargo xtask bench --peers`: our output against the reference Rust generator's
//! (progenitor), side by side on its own sample spec (`../shared/corpus/progenitor-nexus.json`),
//! in one run on one machine: generated lines, the crate-only debug build and `cargo check`
//! (dependencies built first, `cargo clean -p` of the crate before each run; runs of the two
//! crates alternate, medians kept), and the generation time of each whole process. Installs
//! `cargo-progenitor` at a pinned version if it is missing. Writes nothing itself: it returns
//! the Markdown section `bench` adds to `BENCHMARKS.md`. The second section, the GitHub
//! description against this generator's own past (the baseline), is `github`'s; it uses the
//! helpers here.

pub mod github;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The peer, pinned so that figures from different runs compare.
const PROGENITOR: &str = "0.15.1";

/// Timed runs of each build and check, per crate; the median is kept.
const RUNS: usize = 5;

/// A crate being measured: where it is and which file its generated code is in.
struct Subject {
    name: &'static str,
    /// Its package name, for `cargo clean -p` before each timed run.
    package: &'static str,
    dir: PathBuf,
    /// The generated sources, counted as its lines.
    sources: Vec<PathBuf>,
    /// The whole generating process, in seconds.
    generation: f64,
    /// The crate's features turned on when it is built or checked (`--features`).
    features: &'static [&'static str],
}

/// Measures both generators and their crates and returns the report section. `bench` is this
/// program, built in release mode, whose `bench-one generate` is our generating process.
pub fn run(root: &Path, bench: &Path, spec: &Path) -> Result<String, String> {
    ensure_progenitor()?;
    let scratch = root.join("target/bench/peers");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;

    let ours_dir = scratch.join("ours");
    crate::corpus::generate_crate(
        spec,
        &ours_dir,
        Some("nexus-ours"),
        true,
        openapi_client_gen::Settings::default(),
    )?;
    let mut generation = [Vec::new(), Vec::new()];
    let peer_dir = scratch.join("progenitor");
    let mut ours_command = Command::new(bench);
    ours_command.args(["bench-one", "generate"]).arg(spec);
    let mut peer_command = Command::new(cargo());
    peer_command
        .args(["progenitor", "-i"])
        .arg(spec)
        .arg("-o")
        .arg(&peer_dir)
        .args(["-n", "nexus-progenitor", "-v", "0.1.0"]);
    for _ in 0..RUNS {
        generation[0].push(wall_clock(&mut ours_command)?);
        generation[1].push(wall_clock(&mut peer_command)?);
    }
    let [ours_generation, peer_generation] = generation.map(median);
    let ours = Subject {
        name: "ours",
        package: "nexus-ours",
        sources: vec![ours_dir.join("src/api.rs")],
        dir: ours_dir,
        generation: ours_generation,
        features: &[],
    };
    // A crate of its own, although it is written inside this workspace's folder.
    let manifest = peer_dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    if !text.contains("[workspace]") {
        std::fs::write(&manifest, format!("{text}\n[workspace]\n")).map_err(|e| e.to_string())?;
    }
    let peer = Subject {
        name: "progenitor",
        package: "nexus-progenitor",
        sources: rust_files(&peer_dir.join("src"))?,
        dir: peer_dir,
        generation: peer_generation,
        features: &[],
    };

    let subjects = [ours, peer];
    let lines: Vec<usize> = subjects.iter().map(lines_of).collect::<Result<_, _>>()?;
    // Dependencies first, so that the timed runs build the crate alone.
    for subject in &subjects {
        cargo_in(subject, "build")?;
    }
    let mut build = [Vec::new(), Vec::new()];
    let mut check = [Vec::new(), Vec::new()];
    for _ in 0..RUNS {
        for (i, subject) in subjects.iter().enumerate() {
            build[i].push(timed(subject, "build")?);
        }
        for (i, subject) in subjects.iter().enumerate() {
            check[i].push(timed(subject, "check")?);
        }
    }
    let build = build.map(median);
    let check = check.map(median);

    let mut out = format!(
        "Generated from `progenitor-nexus.json` (193 operations) by this generator and by progenitor {PROGENITOR} (`cargo progenitor`), each into a crate of its own with its own target directory; `cargo xtask bench --peers` reproduces it. Build and check are crate-only (dependencies built first, `cargo clean -p` of the crate before each run); generation is the whole process (ours: this program's `bench-one generate`, which reads and generates the document; progenitor: `cargo progenitor`, which also writes its crate). Every figure is the median of {RUNS} runs alternating between the two.\n\n| | ours | progenitor | ratio | target |\n|---|---:|---:|---:|---|\n"
    );
    let verdict = |ratio: f64, target: f64| {
        if ratio <= target {
            format!("≤ {target}: met")
        } else {
            format!("≤ {target}: **not met**")
        }
    };
    // (what, ours, progenitor, decimals, the ratio it must not exceed)
    let rows = [
        ("generated lines", lines[0] as f64, lines[1] as f64, 0, 0.9),
        ("crate-only debug build (s)", build[0], build[1], 2, 0.6),
        ("crate-only `cargo check` (s)", check[0], check[1], 2, 0.7),
        (
            "generation, whole process (s)",
            subjects[0].generation,
            subjects[1].generation,
            2,
            0.25,
        ),
    ];
    for (what, a, b, decimals, target) in rows {
        let ratio = a / b;
        let _ = writeln!(
            out,
            "| {what} | {a:.decimals$} | {b:.decimals$} | {ratio:.2} | {} |",
            verdict(ratio, target)
        );
    }
    Ok(out)
}

/// Runs a generating process to its end, in seconds of wall-clock time.
fn wall_clock(command: &mut Command) -> Result<f64, String> {
    let started = Instant::now();
    let output = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(started.elapsed().as_secs_f64())
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Installs `cargo-progenitor` at the pinned version unless that version is installed.
fn ensure_progenitor() -> Result<(), String> {
    // `cargo install --list` names each installed package with its version
    // (`cargo-progenitor v0.15.1:`); the program itself has no version flag.
    let installed = Command::new(cargo())
        .args(["install", "--list"])
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.starts_with(&format!("cargo-progenitor v{PROGENITOR}:")))
        });
    if installed {
        return Ok(());
    }
    eprintln!("== install cargo-progenitor {PROGENITOR}");
    let status = Command::new(cargo())
        .args([
            "install",
            "--locked",
            "cargo-progenitor",
            "--version",
            PROGENITOR,
        ])
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo install cargo-progenitor {PROGENITOR} failed"
        ))
    }
}

/// Runs `cargo <what>` in the subject's crate, with its own target directory.
fn cargo_in(subject: &Subject, what: &str) -> Result<(), String> {
    let status = Command::new(cargo())
        .args([what, "--quiet", "--manifest-path"])
        .arg(subject.dir.join("Cargo.toml"))
        .args(subject.features.iter().flat_map(|f| ["--features", f]))
        .env("CARGO_TARGET_DIR", subject.dir.join("target"))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo {what} of the {} crate failed", subject.name))
    }
}

/// Removes the subject's own build products (`cargo clean -p`, dependencies kept), then times
/// `cargo <what>` of the crate alone.
fn timed(subject: &Subject, what: &str) -> Result<f64, String> {
    let status = Command::new(cargo())
        .args(["clean", "--quiet", "-p", subject.package, "--manifest-path"])
        .arg(subject.dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", subject.dir.join("target"))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo clean of the {} crate failed", subject.name));
    }
    let started = Instant::now();
    cargo_in(subject, what)?;
    Ok(started.elapsed().as_secs_f64())
}

fn lines_of(subject: &Subject) -> Result<usize, String> {
    let mut lines = 0;
    for source in &subject.sources {
        let text = std::fs::read_to_string(source).map_err(|e| e.to_string())?;
        lines += text.lines().count();
    }
    Ok(lines)
}

/// The `.rs` files of a folder, sorted.
fn rust_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    Ok(files)
}

/// The median of some timings (the mean of the two middle ones of an even count); `bench` uses
/// it too.
pub(crate) fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 0 => (values[middle - 1] + values[middle]) / 2.0,
        _ => values[middle],
    }
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn the_median_ignores_outliers() {
        assert_eq!(median(vec![9.0, 1.0, 2.0, 3.0, 100.0]), 3.0);
        // Two runs: neither the faster nor the slower alone.
        assert_eq!(median(vec![4.0, 2.0]), 3.0);
        assert!(median(Vec::new()).is_nan());
    }
}
