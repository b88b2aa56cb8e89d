//! `cargo xtask fuzz`'s libFuzzer entry for [`confab_fuzz::targets::config`].
#![no_main]

libfuzzer_sys::fuzz_target!(|input: confab_fuzz::targets::config::Input| confab_fuzz::targets::config::check(&input));
