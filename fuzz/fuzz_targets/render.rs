//! Any JSON object as a customer record of each sample project, rendered on all four
//! channels: diagnostics, never a panic.
#![no_main]
use std::sync::OnceLock;

fn workspaces() -> &'static [prism::workspace::Workspace] {
    static WS: OnceLock<Vec<prism::workspace::Workspace>> = OnceLock::new();
    WS.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../projects");
        ["welcome.ron", "invoice.ron"]
            .iter()
            .map(|p| prism::workspace::Workspace::open(&root.join(p), None).unwrap())
            .collect()
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(fields @ serde_json::Value::Object(_)) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    for ws in workspaces() {
        let record = prism::model::Record::new("fuzz".into(), "record 1".into(), fields.clone());
        let _ = ws.render(
            &record,
            prism::template::ChannelSet::ALL,
            prism::render::email::ImageMode::Cid,
        );
    }
});
