//! `cargo xtask fuzz`'s libFuzzer entry for [`confab_fuzz::targets::markup`].
#![no_main]

libfuzzer_sys::fuzz_target!(|input: confab_fuzz::targets::markup::Input| confab_fuzz::targets::markup::check(&input));
