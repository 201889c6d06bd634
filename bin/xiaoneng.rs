//! `xiaoneng`: the command line of an auditor.
//!
//! ```text
//! xiaoneng verify PATH [--checkpoint FILE] [--json]
//! ```
//!
//! Verifies the journal in directory PATH (every hash, the chain, the newest snapshot, the confidential
//! values still kept) and, with `--checkpoint`, that it still holds the records of a checkpoint kept
//! elsewhere (a JSON file as `Checkpoint::to_json` writes it). Prints a report (JSON with `--json`).
//! Exit status: 0 when the journal verifies, 1 when it is damaged or disagrees with the checkpoint, 2
//! when it cannot be read or the arguments are wrong.

use std::process::ExitCode;

use xiaoneng::journal::{verify, Checkpoint, VerifyReport};

const USAGE: &str = "usage: xiaoneng verify PATH [--checkpoint FILE] [--json]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("xiaoneng: {message}");
            ExitCode::from(2)
        }
    }
}

/// Runs the command: whether the journal verified, or why nothing could be said.
fn run(args: &[String]) -> Result<bool, String> {
    let mut it = args.iter();
    match it.next().map(String::as_str) {
        Some("verify") => {}
        Some("-h" | "--help") | None => return Err(USAGE.into()),
        Some(other) => return Err(format!("unknown command `{other}`\n{USAGE}")),
    }
    let (mut path, mut checkpoint, mut json) = (None, None, false);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--checkpoint" => {
                let file = it.next().ok_or("--checkpoint needs a file")?;
                let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
                checkpoint = Some(Checkpoint::from_json(text.trim()).map_err(|e| format!("{file}: {e}"))?);
            }
            "--json" => json = true,
            _ if path.is_none() && !arg.starts_with("--") => path = Some(arg.clone()),
            _ => return Err(format!("unexpected argument `{arg}`\n{USAGE}")),
        }
    }
    let path = path.ok_or(USAGE)?;
    let report = verify(&path, checkpoint.as_ref()).map_err(|e| e.to_string())?;
    if json {
        println!("{}", report.to_json());
    } else {
        print!("{}", text(&path, &report));
    }
    Ok(report.is_ok())
}

/// The report for a person.
fn text(path: &str, r: &VerifyReport) -> String {
    let mut out = format!("journal   {path}\n");
    let alg = r.algorithm.map_or("-".to_string(), |a| a.to_string());
    out += &format!(
        "algorithm {alg}\nrecords   {}\nsegments  {}\nlast seq  {}\nhead      {}\n",
        r.records, r.segments, r.last_seq, r.head
    );
    if let Some(s) = r.snapshot_seq {
        out += &format!("snapshot  covers seq {s}\n");
    }
    if r.erased > 0 {
        out += &format!(
            "erased    {} confidential values (their commitments verify)\n",
            r.erased
        );
    }
    if let Some(t) = &r.torn {
        out += &format!(
            "torn tail {} bytes after byte {} of {} (a crash; the next open cuts it)\n",
            t.cut_bytes, t.kept_bytes, t.segment
        );
    }
    match r.checkpoint_checked {
        Some(true) => out += "checkpoint checked\n",
        Some(false) => out += "checkpoint NOT checked (its record is no longer kept, or the journal is damaged)\n",
        None => {}
    }
    match (&r.first_bad_seq, &r.damage) {
        (Some(seq), Some(why)) => out += &format!("DAMAGED   first bad seq {seq}: {why}\n"),
        _ => out += "OK\n",
    }
    out
}
