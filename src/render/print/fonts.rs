//! The fonts a letter is set in: shipped in assets/fonts and compiled into the binary,
//! so output never depends on the machine's fonts.

use cosmic_text::FontSystem;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The family every letter falls back to.
pub const DEFAULT_FAMILY: &str = "Open Sans";

/// Regular, bold, italic, bold italic.
pub const FONTS: [&[u8]; 4] = [
    include_bytes!("../../../assets/fonts/OpenSans-Regular.ttf"),
    include_bytes!("../../../assets/fonts/OpenSans-Bold.ttf"),
    include_bytes!("../../../assets/fonts/OpenSans-Italic.ttf"),
    include_bytes!("../../../assets/fonts/OpenSans-BoldItalic.ttf"),
];

/// What line layout needs exclusive access to.
pub(crate) struct Layout {
    pub(crate) fonts: FontSystem,
    /// The natural width of a space per (family, size bits, bold, italic), for telling what
    /// justification added to a line's spaces.
    pub(crate) spaces: HashMap<(String, u32, bool, bool), f32>,
}

/// Shaping, line breaking and drawing share one font database.
pub struct Typesetter {
    /// Line layout (cosmic-text); shaping needs exclusive access.
    pub(crate) layout: Mutex<Layout>,
    /// SVG parsing for the raster preview and the PDF (usvg).
    pub(crate) svg_options: resvg::usvg::Options<'static>,
    families: Vec<String>,
}

impl Default for Typesetter {
    fn default() -> Self {
        Self::new()
    }
}

impl Typesetter {
    pub fn new() -> Typesetter {
        let mut db = resvg::usvg::fontdb::Database::new();
        for bytes in FONTS {
            db.load_font_source(resvg::usvg::fontdb::Source::Binary(Arc::new(bytes)));
        }
        let mut families: Vec<String> = db
            .faces()
            .flat_map(|f| f.families.iter().map(|(n, _)| n.clone()))
            .collect();
        families.sort();
        families.dedup();
        let db = Arc::new(db);
        let svg_options = resvg::usvg::Options {
            fontdb: db.clone(),
            font_family: DEFAULT_FAMILY.into(),
            ..resvg::usvg::Options::default()
        };
        let layout = FontSystem::new_with_locale_and_db("de-DE".into(), (*db).clone());
        Typesetter {
            layout: Mutex::new(Layout {
                fonts: layout,
                spaces: HashMap::new(),
            }),
            svg_options,
            families,
        }
    }

    /// The families that can be used, e.g. `Open Sans`.
    pub fn families(&self) -> &[String] {
        &self.families
    }

    pub fn has_family(&self, name: &str) -> bool {
        self.families.iter().any(|f| f.eq_ignore_ascii_case(name))
    }
}
