//! Any bytes as a project's logo (PNG, JPEG, GIF or SVG, sniffed from the bytes): the letter
//! and the email are rendered, the image failing as a diagnostic, never a panic.
#![no_main]
use std::sync::OnceLock;

fn project() -> &'static (prism::model::Project, std::path::PathBuf) {
    static P: OnceLock<(prism::model::Project, std::path::PathBuf)> = OnceLock::new();
    P.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut p = prism::model::load_project(&root.join("projects/invoice.ron")).unwrap();
        p.brand.logo = Some("logo.bin".into());
        p.data.file = None;
        let dir = std::env::temp_dir().join(format!("prism-fuzz-image-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        (p, dir)
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (project, dir) = project();
    std::fs::write(dir.join("logo.bin"), data).unwrap();
    let record = serde_json::json!({"customer_id": "C-1", "last_name": "Muster", "street": "Weg 1",
        "postal_code": "12345", "city": "Köln", "email": "a@example.com"});
    let ws = prism::workspace::Workspace::new(
        dir.join("p.ron"),
        String::new(),
        project.clone(),
        vec![prism::model::Record::new("C-1".into(), "record 1".into(), record)],
    );
    let _ = ws.render(
        &ws.records[0],
        prism::template::ChannelSet::ALL,
        prism::render::email::ImageMode::Cid,
    );
});
