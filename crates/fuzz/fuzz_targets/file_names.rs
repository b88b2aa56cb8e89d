//! `cargo xtask fuzz`'s libFuzzer entry for [`confab_fuzz::targets::file_names`].
#![no_main]

libfuzzer_sys::fuzz_target!(|input: confab_fuzz::targets::file_names::Input| confab_fuzz::targets::file_names::check(
    &input
));
