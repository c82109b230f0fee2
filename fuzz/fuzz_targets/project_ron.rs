//! Any bytes as a project file: an error or a project, never a panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = prism::model::parse_project(text, std::path::Path::new("fuzz.ron"));
    }
});
