//! The inspection draw at a province's scale (docs/benchmarks.md, "Draws"): 10,000 units in three
//! strata, 1,000 inspectors in 100 units of their own, each unit excluding one inspector besides its own
//! staff, 1,000 units inspected last period; 3,000 units drawn (1,000 per stratum) with teams of two.
//! The time is the median of `XN_BENCH_DRAW_RUNS` runs (default 7), each a whole `inspection_plan`
//! (validation, the draw, the commitment). The plan is verified once (`verify_plan`), not timed.
//!
//! Run: `cargo bench --bench draw`.

use std::collections::BTreeMap;
use std::time::Instant;

use xiaoneng::draw::{inspection_plan, verify_plan, InspectionRequest, InspectorEntry, UnitEntry};

fn request(units: usize, inspectors: usize) -> InspectionRequest {
    let strata = ["high", "medium", "low"];
    InspectionRequest {
        units: (0..units)
            .map(|i| UnitEntry {
                id: format!("u{i:05}"),
                stratum: strata[i % 3].to_string(),
                exclude_inspectors: vec![format!("x{:04}", (i * 7) % inspectors)],
            })
            .collect(),
        inspectors: (0..inspectors)
            .map(|i| InspectorEntry {
                id: format!("x{i:04}"),
                unit: format!("u{:05}", (i % 100) * 100),
            })
            .collect(),
        strata: strata
            .iter()
            .map(|s| (s.to_string(), (units / 10) as u32))
            .collect::<BTreeMap<_, _>>(),
        team_size: 2,
        inspected_last_period: (0..units / 10).map(|i| format!("u{:05}", i * 10 + 1)).collect(),
    }
}

fn main() {
    let runs: usize = std::env::var("XN_BENCH_DRAW_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let req = request(10_000, 1_000);
    let mut times = Vec::with_capacity(runs);
    let mut plan = None;
    for run in 0..runs as u64 {
        let t = Instant::now();
        let p = inspection_plan(&req, 20261001 + run).expect("feasible");
        times.push(t.elapsed().as_secs_f64());
        plan = Some(p);
    }
    times.sort_by(f64::total_cmp);
    let plan = plan.expect("at least one run");
    verify_plan(&req, plan.seed, &plan.assignments, &plan.commitment).expect("verifies");
    println!(
        "draw: 10,000 units x 1,000 inspectors, {} units drawn, teams of 2: median {:.1} ms over {} runs \
         (min {:.1}, max {:.1})",
        plan.assignments.len(),
        times[times.len() / 2] * 1e3,
        runs,
        times[0] * 1e3,
        times[times.len() - 1] * 1e3
    );
}
