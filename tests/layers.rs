//! The architecture stays visible: no module of the core imports one above it, and record kinds know
//! nothing of each other (docs/design.md, "Layers").

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each top-level module of `core/` and its layer.
const LAYERS: &[(&str, u8)] = &[
    ("error", 0),
    ("codec", 0),
    ("names", 0),
    ("calendar", 1),
    ("draw", 1),
    ("clock", 1),
    ("dedup", 1),
    ("org", 2),
    ("priority", 2),
    ("policy", 2),
    ("catalog", 2),
    ("sanction", 2),
    ("context", 3),
    ("event", 3),
    ("case", 4),
    ("inquiry", 4),
    ("complaint", 4),
    ("pledge", 4),
    ("matter", 4),
    ("inspection", 4),
    ("plan", 4),
    ("engine", 5),
    ("schema", 6),
    ("explain", 6),
    ("journal", 7),
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The `crate::<module>` references of every file of each module.
fn imports() -> BTreeMap<String, Vec<(PathBuf, String)>> {
    let core = Path::new(env!("CARGO_MANIFEST_DIR")).join("core");
    let mut all = Vec::new();
    files(&core, &mut all);
    let mut out: BTreeMap<String, Vec<(PathBuf, String)>> = BTreeMap::new();
    for path in all {
        let rel = path.strip_prefix(&core).unwrap();
        let module = rel.components().next().unwrap().as_os_str().to_string_lossy();
        let module = module.trim_end_matches(".rs").to_string();
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (k, _) in text.match_indices("crate::") {
            let name: String = text[k + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            out.entry(module.clone()).or_default().push((path.clone(), name));
        }
    }
    out
}

fn layer(module: &str) -> u8 {
    LAYERS
        .iter()
        .find(|(m, _)| *m == module)
        .unwrap_or_else(|| panic!("core/{module} has no layer in tests/layers.rs"))
        .1
}

#[test]
fn no_module_imports_one_above_it() {
    for (module, refs) in imports() {
        for (path, dep) in refs {
            if dep.is_empty() || dep == module || !LAYERS.iter().any(|(m, _)| *m == dep) {
                continue;
            }
            assert!(
                layer(&dep) <= layer(&module),
                "{} (layer {}) imports crate::{dep} (layer {})",
                path.display(),
                layer(&module),
                layer(&dep)
            );
        }
    }
}

#[test]
fn record_kinds_know_nothing_of_each_other() {
    let kinds: Vec<&str> = LAYERS.iter().filter(|(_, l)| *l == 4).map(|(m, _)| *m).collect();
    for (module, refs) in imports() {
        if !kinds.contains(&module.as_str()) {
            continue;
        }
        for (path, dep) in refs {
            assert!(
                dep == module || !kinds.contains(&dep.as_str()),
                "{} imports crate::{dep}: record kinds are independent",
                path.display()
            );
        }
    }
}
