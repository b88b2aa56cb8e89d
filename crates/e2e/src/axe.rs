//! axe-core, the accessibility checker, run in the page under test. Its source comes from npm
//! (pinned in `crates/e2e/js/`, installed by `cargo xtask test`).

use serde_json::{Value, json};

use crate::Browser;

fn source() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("js/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}; run `cargo xtask test`, which installs it", path.display()))
}

/// One rule axe found broken, with how many elements break it and the first of them.
#[derive(Debug)]
pub struct Violation {
    pub rule: String,
    pub impact: String,
    pub elements: usize,
    pub first: String,
    pub help: String,
}

impl Violation {
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

/// Runs axe over the whole page (WCAG 2.1 A and AA rules and axe's best practices) and prints a
/// line per violation under `view`; returns them all.
pub async fn check(browser: &Browser, view: &str) -> Vec<Violation> {
    let loaded = browser.script("return typeof window.axe === 'object'", vec![]).await;
    if loaded != json!(true) {
        // Evaluated by WebDriver rather than as a page script, so the page's own Content Security
        // Policy (which allows no inline script) does not stand in the way.
        let defined = browser.script(&format!("{}\nreturn typeof window.axe", source()), vec![]).await;
        assert_eq!(defined, json!("object"), "axe-core did not load");
    }
    let script = "const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
          .then(r => done(r.violations.map(v => ({ rule: v.id, impact: v.impact || '', elements: v.nodes.length,
                first: (v.nodes[0] && v.nodes[0].target.join(' ')) || '', help: v.help }))))
          .catch(e => done({ error: String(e) }));";
    let result = browser.client.execute_async(script, vec![]).await.expect("axe runs");
    let Value::Array(found) = result else { panic!("axe failed in {view}: {result}") };
    let violations: Vec<Violation> = found
        .iter()
        .map(|v| Violation {
            rule: v["rule"].as_str().unwrap_or_default().to_owned(),
            impact: v["impact"].as_str().unwrap_or_default().to_owned(),
            elements: v["elements"].as_u64().unwrap_or_default() as usize,
            first: v["first"].as_str().unwrap_or_default().to_owned(),
            help: v["help"].as_str().unwrap_or_default().to_owned(),
        })
        .collect();
    let serious = violations.iter().filter(|v| v.is_serious()).count();
    println!("axe · {view}: {} violations, {serious} serious or critical", violations.len());
    for v in &violations {
        println!("    {} [{}] ×{} e.g. {} — {}", v.rule, v.impact, v.elements, v.first, v.help);
    }
    violations
}
