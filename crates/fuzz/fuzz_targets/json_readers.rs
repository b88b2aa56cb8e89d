//! `cargo xtask fuzz`'s libFuzzer entry for [`confab_fuzz::targets::json_readers`].
#![no_main]

libfuzzer_sys::fuzz_target!(|input: confab_fuzz::targets::json_readers::Input| {
    confab_fuzz::targets::json_readers::check(&input)
});
