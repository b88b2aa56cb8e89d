//! Running native tests with cargo-nextest, and remembering how long each took.
//!
//! nextest runs every test in a process of its own, as many side by side as the machine has
//! cores, except those `.config/nextest.toml` runs alone. After each run its JUnit report
//! (`target/nextest/default/junit.xml`, rewritten by every run) is read into [`Timings`], from
//! which `cargo xtask test` prints the slowest tests of the whole job.

use std::process::Command;

use anyhow::Context;

use crate::process::{cargo, human, run};
use crate::workspace;

/// Every test run so far: the run's label, the test's name, its seconds.
#[derive(Default)]
pub struct Timings(Vec<(String, String, f64)>);

impl Timings {
    /// `cargo nextest run` with `args` (packages, filters) set up by `adjust` (environment);
    /// the run's tests are recorded under `label` whether it passed or not.
    pub fn run(&mut self, label: &str, args: &[&str], adjust: impl FnOnce(&mut Command)) -> anyhow::Result<()> {
        let report = workspace::target_dir().join("nextest").join("default").join("junit.xml");
        let _ = std::fs::remove_file(&report);
        let mut command = cargo();
        command.current_dir(workspace::root()).args(["nextest", "run", "--no-fail-fast"]).args(args);
        adjust(&mut command);
        let result = run(&mut command);
        if let Ok(xml) = std::fs::read_to_string(&report) {
            self.record(label, &xml).context("reading nextest's JUnit report")?;
        }
        result
    }

    fn record(&mut self, label: &str, xml: &str) -> anyhow::Result<()> {
        let document = roxmltree::Document::parse(xml)?;
        for case in document.descendants().filter(|node| node.has_tag_name("testcase")) {
            let binary = case.attribute("classname").unwrap_or_default();
            let name = format!("{binary} {}", case.attribute("name").unwrap_or_default());
            let seconds = case.attribute("time").and_then(|t| t.parse().ok()).unwrap_or(0.0);
            self.0.push((label.to_owned(), name, seconds));
        }
        Ok(())
    }

    /// Prints the `count` slowest tests of every run, and how many ran.
    pub fn print_slowest(&self, count: usize) {
        if self.0.is_empty() {
            return;
        }
        println!("\nThe {count} slowest of {} tests run by nextest:", self.0.len());
        let mut slowest: Vec<_> = self.0.iter().collect();
        slowest.sort_by(|a, b| b.2.total_cmp(&a.2));
        for (label, name, seconds) in slowest.into_iter().take(count) {
            println!("  {:>7}  {label}: {name}", human(*seconds));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slowest_are_read_from_a_junit_report() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="nextest-run" tests="2"><testsuite name="confab-server::server" tests="2">
            <testcase name="search::a_word" classname="confab-server::server" time="17.7"/>
            <testcase name="rest::login" classname="confab-server::server" time="0.25"><system-out>x</system-out></testcase>
            </testsuite></testsuites>"#;
        let mut timings = Timings::default();
        timings.record("server", xml).unwrap();
        assert_eq!(
            timings.0,
            [
                ("server".to_owned(), "confab-server::server search::a_word".to_owned(), 17.7),
                ("server".to_owned(), "confab-server::server rest::login".to_owned(), 0.25)
            ]
        );
    }
}
