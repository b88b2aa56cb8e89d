//! `cargo xtask fuzz`'s libFuzzer entry for [`confab_fuzz::targets::ddp_frames`].
#![no_main]

libfuzzer_sys::fuzz_target!(|input: confab_fuzz::targets::ddp_frames::Input| confab_fuzz::targets::ddp_frames::check(
    &input
));
