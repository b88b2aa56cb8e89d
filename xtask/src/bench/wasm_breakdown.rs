//! What the core's wasm is made of, by crate: `twiggy top` over the splitter's core before
//! wasm-bindgen and wasm-opt, where function names are still there, summed by the crate each
//! item's name starts with. What wasm-bindgen removes anyway is left out.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use anyhow::Context;

use crate::workspace;

/// The crate an item belongs to, from its name: `<&mut serde_json::de::Deserializer<R> as …>`
/// is serde_json's, `core[c5930c85]::fmt::write` core's, `<str>::to_lowercase` core's too; data
/// segments and unnamed items have groups of their own.
fn crate_of(item: &str) -> String {
    if item.starts_with("data[") || item.starts_with("data segment") {
        return "(data segments)".into();
    }
    let mut name = item;
    while let Some(rest) = ["<", "&", "mut ", "dyn ", "impl "].iter().find_map(|p| name.strip_prefix(p)) {
        name = rest;
    }
    let first = name.split("::").next().unwrap_or_default().trim_end_matches('>');
    // Crate names may carry a disambiguator: core[c5930c85a12de822].
    let first = first.split_once('[').map_or(first, |(crate_name, _)| crate_name);
    const PRIMITIVES: [&str; 6] = ["str", "char", "u8", "u32", "usize", "f64"];
    if PRIMITIVES.contains(&first) {
        "core".into()
    } else if !first.is_empty() && name.contains("::") && first.chars().all(|c| c.is_alphanumeric() || c == '_') {
        first.into()
    } else {
        "(other)".into()
    }
}

/// The item name and shallow size of a `twiggy top --format csv` row
/// (`Name,ShallowSize,ShallowSizePercent,...`, the name quoted when it holds commas or quotes).
fn name_and_size(line: &str) -> Option<(String, usize)> {
    let (name, rest) = match line.strip_prefix('"') {
        Some(quoted) => {
            let mut name = String::new();
            let mut chars = quoted.char_indices().peekable();
            let mut end = None;
            while let Some((at, c)) = chars.next() {
                match (c, chars.peek()) {
                    ('"', Some((_, '"'))) => {
                        name.push('"');
                        chars.next();
                    }
                    ('"', _) => {
                        end = Some(at + 1);
                        break;
                    }
                    (c, _) => name.push(c),
                }
            }
            (name, quoted.get(end?..)?.strip_prefix(',')?)
        }
        None => {
            let (name, rest) = line.split_once(',')?;
            (name.to_owned(), rest)
        }
    };
    let size = rest.split(',').next()?.trim().parse().ok()?;
    Some((name, size))
}

/// Bytes per crate, largest first.
pub fn by_crate(twiggy: &Path) -> anyhow::Result<Vec<(String, usize)>> {
    // The core as the splitter left it, before wasm-bindgen: what the first load's wasm holds.
    let wasm = workspace::target_dir().join("web").join("split").join("main.wasm");
    let out = Command::new(twiggy)
        .args(["top", "-n", "1000000", "--format", "csv"])
        .arg(&wasm)
        .output()
        .context("running twiggy")?;
    anyhow::ensure!(out.status.success(), "twiggy failed: {}", String::from_utf8_lossy(&out.stderr));
    let mut sizes: HashMap<String, usize> = HashMap::new();
    for line in String::from_utf8(out.stdout)?.lines().skip(1) {
        let Some((name, size)) = name_and_size(line) else { continue };
        // Custom sections (names, wasm-bindgen's metadata) and wasm-bindgen's type descriptors
        // (`__wbindgen_describe_*`, run at build time) are all removed before shipping.
        let removed = name.contains("function names") || name.contains("__wbindgen_describe");
        if removed || name.starts_with("custom section") || name.starts_with('Σ') {
            continue;
        }
        *sizes.entry(crate_of(&name)).or_default() += size;
    }
    let mut sorted: Vec<_> = sizes.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (name, size) in sorted.iter().take(12) {
        println!("    {name:<40} {size:>10}");
    }
    Ok(sorted)
}

#[cfg(test)]
mod tests {
    use super::crate_of;

    #[test]
    fn items_are_grouped_by_the_crate_their_name_starts_with() {
        assert_eq!(crate_of("<serde_json::de::Deserializer<R> as serde::Deserializer>::deserialize_any"), "serde_json");
        assert_eq!(crate_of("confab_protocol::markup::grammar::parse"), "confab_protocol");
        assert_eq!(crate_of("core::fmt::write"), "core");
        assert_eq!(crate_of("core[c5930c85a12de822]::num::flt2dec::format_shortest"), "core");
        assert_eq!(crate_of("<&mut serde_json::de::Deserializer<R> as serde_core::de::Deserializer>::f"), "serde_json");
        assert_eq!(crate_of("<str>::to_lowercase"), "core");
        assert_eq!(crate_of("<dlmalloc[e24a]::dlmalloc::Dlmalloc<S>>::malloc"), "dlmalloc");
        assert_eq!(crate_of("data[3]"), "(data segments)");
        assert_eq!(crate_of("code[1234]"), "(other)");
    }

    #[test]
    fn csv_rows_give_their_name_and_shallow_size() {
        use super::name_and_size;
        assert_eq!(name_and_size("core::fmt::write::h1,120,0.5,,"), Some(("core::fmt::write::h1".into(), 120)));
        assert_eq!(
            name_and_size("\"data segment \"\".rodata\"\"\",166398,6.1,,"),
            Some(("data segment \".rodata\"".into(), 166398))
        );
        assert_eq!(name_and_size("\"a, b\",7,0.1,,"), Some(("a, b".into(), 7)));
        assert_eq!(name_and_size("Name,ShallowSize"), None);
    }
}
