//! Any text through the SMS analyser: consistent counts, never a panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let a = prism::render::gsm::analyze(text);
        assert!(a.segments >= 1);
        assert_eq!(a.characters, text.chars().count());
    }
});
