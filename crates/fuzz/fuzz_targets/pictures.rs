//! `cargo xtask fuzz`'s libFuzzer entry for [`confab_fuzz::targets::pictures`].
#![no_main]

libfuzzer_sys::fuzz_target!(|input: confab_fuzz::targets::pictures::Input| confab_fuzz::targets::pictures::check(
    &input
));
