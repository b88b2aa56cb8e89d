//! Import circles among a crate's modules. A reader follows a module's imports to learn what it
//! stands on; where two modules reach each other, neither can be read, changed or moved first,
//! and the layout no longer tells what is built on what. The app's core and parts are two crates,
//! so Cargo keeps the core from naming a part; inside each crate, and in the server, this check
//! does: `cargo xtask test` fails when a circle comes back, naming its files.
//!
//! The graph is of files: an edge from a file to each module its paths name (`use crate::a::b`,
//! `super::x`, a child `mod`'s items, a path in code), resolved to the deepest module file. A
//! module's own children are part of it, so a child naming its parent's items is no edge; a
//! parent naming its child's is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Context;
use syn::visit::Visit;

/// The crates whose modules must not import each other in a circle, by their source folder.
pub const CHECKED: &[&str] = &["crates/app-core/src", "src", "crates/server/src", "crates/protocol/src"];

/// A crate's module files, by module path (`["services", "chat"]`), and the module files each
/// one names.
#[derive(Debug, Default)]
pub struct Graph {
    files: BTreeMap<Vec<String>, PathBuf>,
    edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
}

impl Graph {
    /// Reads every `.rs` file under `src` (a crate's source folder).
    pub fn read(src: &Path) -> anyhow::Result<Self> {
        let mut graph = Self::default();
        for path in crate::web::wasm::files_under(src)?.into_iter().filter(|p| p.extension().is_some_and(|e| e == "rs"))
        {
            graph.files.insert(module_of(src, &path), path);
        }
        let modules: Vec<(Vec<String>, PathBuf)> = graph.files.iter().map(|(m, p)| (m.clone(), p.clone())).collect();
        for (module, path) in modules {
            let text = std::fs::read_to_string(&path)?;
            let file = syn::parse_file(&text).with_context(|| format!("parsing {}", path.display()))?;
            let mut names = Names { module: module.clone(), found: Vec::new() };
            names.visit_file(&file);
            let targets: BTreeSet<Vec<String>> = names
                .found
                .iter()
                .filter_map(|named| graph.file_of(named))
                .filter(|target| *target != module && !module.starts_with(target))
                .collect();
            graph.edges.insert(module, targets);
        }
        Ok(graph)
    }

    /// The deepest module file a path names, if it names one of this crate's.
    fn file_of(&self, path: &[String]) -> Option<Vec<String>> {
        (0..=path.len()).rev().map(|n| path[..n].to_vec()).find(|prefix| self.files.contains_key(prefix))
    }

    /// Every circle: each set of two or more files that reach one another (Tarjan's strongly
    /// connected components), as file paths, sorted.
    pub fn circles(&self) -> Vec<Vec<PathBuf>> {
        let nodes: Vec<&Vec<String>> = self.files.keys().collect();
        let index_of: BTreeMap<&Vec<String>, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let next: Vec<Vec<usize>> = nodes
            .iter()
            .map(|n| self.edges.get(*n).into_iter().flatten().filter_map(|t| index_of.get(t).copied()).collect())
            .collect();
        let mut tarjan =
            Tarjan { next: &next, index: vec![None; nodes.len()], low: vec![0; nodes.len()], ..Default::default() };
        for node in 0..nodes.len() {
            if tarjan.index[node].is_none() {
                tarjan.visit(node);
            }
        }
        let mut circles: Vec<Vec<PathBuf>> = tarjan
            .components
            .into_iter()
            .filter(|c| c.len() > 1)
            .map(|c| {
                let mut files: Vec<PathBuf> = c.into_iter().map(|i| self.files[nodes[i]].clone()).collect();
                files.sort();
                files
            })
            .collect();
        circles.sort();
        circles
    }

    /// The imports between the files of one circle, as `from → to`: where to cut it.
    pub fn edges_within(&self, circle: &[PathBuf]) -> Vec<(PathBuf, PathBuf)> {
        let module = |path: &PathBuf| self.files.iter().find(|(_, p)| *p == path).map(|(m, _)| m.clone());
        let members: Vec<Vec<String>> = circle.iter().filter_map(module).collect();
        let mut edges = Vec::new();
        for from in &members {
            for to in self.edges.get(from).into_iter().flatten().filter(|to| members.contains(to)) {
                edges.push((self.files[from].clone(), self.files[to].clone()));
            }
        }
        edges
    }
}

/// `src/a/b.rs` and `src/a/b/mod.rs` are module `a::b`; `lib.rs` and `main.rs` are the crate.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod")) || parts == ["lib"] || parts == ["main"] {
        parts.pop();
    }
    parts
}

/// Collects every path a file names, made absolute from the crate's root.
struct Names {
    /// The module being read (an inline `mod` adds to it).
    module: Vec<String>,
    found: Vec<Vec<String>>,
}

impl Names {
    /// `crate::…`, `super::…` and `self::…` from the crate's root; any other path from the module
    /// itself (a child module's items, or something outside the crate, which names no file).
    fn absolute(&self, segments: &[String]) -> Vec<String> {
        let mut base = self.module.clone();
        let mut rest = segments;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                base.clear();
                rest = &rest[1..];
            }
            Some("self") => rest = &rest[1..],
            _ => {}
        }
        while rest.first().is_some_and(|s| s == "super") {
            base.pop();
            rest = &rest[1..];
        }
        base.extend(rest.iter().cloned());
        base
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.use_tree(prefix, &path.tree);
                prefix.pop();
            }
            syn::UseTree::Name(name) => {
                prefix.push(name.ident.to_string());
                self.found.push(self.absolute(prefix));
                prefix.pop();
            }
            syn::UseTree::Rename(rename) => {
                prefix.push(rename.ident.to_string());
                self.found.push(self.absolute(prefix));
                prefix.pop();
            }
            syn::UseTree::Glob(_) => self.found.push(self.absolute(prefix)),
            syn::UseTree::Group(group) => group.items.iter().for_each(|item| self.use_tree(prefix, item)),
        }
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        // A lone name is a local item or an import, already counted where it was imported.
        if segments.len() > 1 {
            self.found.push(self.absolute(&segments));
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.content.is_some() {
            self.module.push(item.ident.to_string());
            syn::visit::visit_item_mod(self, item);
            self.module.pop();
        }
    }

    /// Macros' bodies are tokens, not syntax (`html!`, `format!`…): every run of `a::b::…` in
    /// them is taken for a path.
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.macro_tokens(mac.tokens.clone());
    }
}

impl Names {
    fn macro_tokens(&mut self, tokens: proc_macro2::TokenStream) {
        use proc_macro2::TokenTree;
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < tokens.len() {
            let mut segments = Vec::new();
            while let Some(TokenTree::Ident(ident)) = tokens.get(i) {
                segments.push(ident.to_string());
                let colons = matches!(
                    (tokens.get(i + 1), tokens.get(i + 2)),
                    (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':'
                );
                if !colons {
                    break;
                }
                i += 3;
            }
            if segments.len() > 1 {
                self.found.push(self.absolute(&segments));
            }
            if let Some(TokenTree::Group(group)) = tokens.get(i) {
                self.macro_tokens(group.stream());
            }
            i += 1;
        }
    }
}

#[derive(Default)]
struct Tarjan<'a> {
    next: &'a [Vec<usize>],
    index: Vec<Option<usize>>,
    low: Vec<usize>,
    stack: Vec<usize>,
    on_stack: BTreeSet<usize>,
    counter: usize,
    components: Vec<Vec<usize>>,
}

impl Tarjan<'_> {
    fn visit(&mut self, node: usize) {
        self.index[node] = Some(self.counter);
        self.low[node] = self.counter;
        self.counter += 1;
        self.stack.push(node);
        self.on_stack.insert(node);
        for &target in &self.next[node] {
            match self.index[target] {
                None => {
                    self.visit(target);
                    self.low[node] = self.low[node].min(self.low[target]);
                }
                Some(index) if self.on_stack.contains(&target) => self.low[node] = self.low[node].min(index),
                Some(_) => {}
            }
        }
        if Some(self.low[node]) == self.index[node] {
            let mut component = Vec::new();
            while let Some(member) = self.stack.pop() {
                self.on_stack.remove(&member);
                component.push(member);
                if member == node {
                    break;
                }
            }
            self.components.push(component);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, files: &[(&str, &str)]) {
        for (name, text) in files {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    #[test]
    fn a_circle_through_three_files_is_found_and_a_child_naming_its_parent_is_not_one() {
        let root = std::env::temp_dir().join(format!("confab-circles-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        write(
            &root,
            &[
                ("lib.rs", "mod a; mod b; mod c; mod d;"),
                ("a.rs", "use crate::b::Thing;"),
                ("b/mod.rs", "mod inner; pub use inner::Thing;"),
                ("b/inner.rs", "pub struct Thing; fn f() { crate::c::g(); } fn h() -> super::Other { todo!() }"),
                ("c.rs", "pub fn g() { let _ = format!(\"{}\", crate::a::NAME); }"),
                ("d.rs", "mod tests { use super::super::c::g; }"),
            ],
        );
        let graph = Graph::read(&root).unwrap();
        let circles = graph.circles();
        let names: Vec<Vec<String>> = circles
            .iter()
            .map(|c| c.iter().map(|p| p.strip_prefix(&root).unwrap().display().to_string()).collect())
            .collect();
        assert_eq!(names, [["a.rs", "b/inner.rs", "b/mod.rs", "c.rs"]]);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_apps_core_its_parts_the_server_and_the_protocol_import_in_no_circle() {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let mut found = Vec::new();
        let name = |path: &PathBuf| path.strip_prefix(workspace).unwrap().display().to_string();
        for src in CHECKED {
            let graph = Graph::read(&workspace.join(src)).unwrap();
            for circle in graph.circles() {
                let edges: Vec<String> = graph
                    .edges_within(&circle)
                    .iter()
                    .map(|(from, to)| format!("  {} → {}", name(from), name(to)))
                    .collect();
                found.push(format!(
                    "{}:\n{}",
                    circle.iter().map(name).collect::<Vec<_>>().join(" ↔ "),
                    edges.join("\n")
                ));
            }
        }
        assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
    }
}
