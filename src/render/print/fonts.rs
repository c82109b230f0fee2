//! The fonts a letter is set in: shipped in assets/fonts and compiled into the binary, so
//! output never depends on the machine's fonts. One `Face` per file serves every exporter:
//! cosmic-text shapes with it, the PDF embeds it (one krilla font, subset per document),
//! the raster and SVG exporters draw its outlines (read once by skrifa).

use cosmic_text::FontSystem;
use cosmic_text::fontdb;
use resvg::tiny_skia::{Path, PathBuilder, Rect};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use std::sync::{Arc, Mutex, OnceLock};

/// The family every letter falls back to.
pub const DEFAULT_FAMILY: &str = "Open Sans";

/// Regular, bold, italic, bold italic.
pub const FONTS: [&[u8]; 4] = [
    include_bytes!("../../../assets/fonts/OpenSans-Regular.ttf"),
    include_bytes!("../../../assets/fonts/OpenSans-Bold.ttf"),
    include_bytes!("../../../assets/fonts/OpenSans-Italic.ttf"),
    include_bytes!("../../../assets/fonts/OpenSans-BoldItalic.ttf"),
];

/// Index of a face in [`Typesetter::faces`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(pub u8);

/// A glyph's outline in em units, y pointing down (as pages are drawn), and its ink box.
pub struct Outline {
    /// The outline as a path in em units; `None` for a glyph without one (a space).
    pub path: Option<Path>,
    /// The outline's bounding box in em units: where the glyph puts ink.
    pub bounds_em: Option<Rect>,
}

/// One font file.
pub struct Face {
    /// PostScript-style name for dumps, e.g. `OpenSans-Bold`.
    pub name: String,
    /// The font file's bytes, compiled into the binary.
    pub data: &'static [u8],
    id: fontdb::ID,
    /// The hyphen a line broken inside a word ends with: glyph id and advance in em.
    pub hyphen: (u16, f32),
    /// The face as krilla embeds it; krilla subsets it per document.
    pub pdf: krilla::text::Font,
    /// Each glyph's outline, read when first drawn or measured (a letter uses about a
    /// hundred of a face's 900 glyphs).
    outlines: Vec<OnceLock<Outline>>,
}

impl Face {
    fn new(data: &'static [u8], id: fontdb::ID, name: String) -> Option<Face> {
        let font = skrifa::FontRef::new(data).ok()?;
        let upem = f32::from(font.head().ok()?.units_per_em());
        let gid = font.charmap().map('-').unwrap_or_default();
        let count = font.maxp().ok()?.num_glyphs();
        let advance = font
            .glyph_metrics(Size::unscaled(), LocationRef::default())
            .advance_width(gid)
            .unwrap_or(0.0)
            / upem;
        Some(Face {
            name,
            data,
            id,
            hyphen: (gid.to_u32() as u16, advance),
            pdf: krilla::text::Font::new(krilla::Data::from(data), 0)?,
            outlines: (0..count).map(|_| OnceLock::new()).collect(),
        })
    }

    /// A glyph's outline; `None` for a glyph id the face does not have.
    pub fn outline(&self, glyph: u16) -> Option<&Outline> {
        let cell = self.outlines.get(usize::from(glyph))?;
        Some(cell.get_or_init(|| read_outline(self.data, glyph)))
    }
}

fn read_outline(data: &[u8], glyph: u16) -> Outline {
    let none = Outline {
        path: None,
        bounds_em: None,
    };
    let Ok(font) = skrifa::FontRef::new(data) else {
        return none;
    };
    let upem = font.head().map_or(1000.0, |h| f32::from(h.units_per_em()));
    let Some(g) = font
        .outline_glyphs()
        .get(skrifa::GlyphId::new(u32::from(glyph)))
    else {
        return none;
    };
    let mut pen = Pen {
        builder: PathBuilder::new(),
        scale: 1.0 / upem,
    };
    let settings =
        skrifa::outline::DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
    if g.draw(settings, &mut pen).is_err() {
        return none;
    }
    let path = pen.builder.finish();
    let bounds_em = path.as_ref().map(Path::bounds);
    Outline { path, bounds_em }
}

/// Collects an outline in em units with y flipped to point down.
struct Pen {
    builder: PathBuilder,
    scale: f32,
}

impl skrifa::outline::OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.builder.move_to(x * self.scale, -y * self.scale);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.builder.line_to(x * self.scale, -y * self.scale);
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        let s = self.scale;
        self.builder.quad_to(cx * s, -cy * s, x * s, -y * s);
    }
    fn curve_to(&mut self, c0x: f32, c0y: f32, c1x: f32, c1y: f32, x: f32, y: f32) {
        let s = self.scale;
        self.builder
            .cubic_to(c0x * s, -c0y * s, c1x * s, -c1y * s, x * s, -y * s);
    }
    fn close(&mut self) {
        self.builder.close();
    }
}

/// Shaping and every exporter share one set of faces.
pub struct Typesetter {
    /// Line layout (cosmic-text); shaping needs exclusive access.
    pub(crate) layout: Mutex<FontSystem>,
    faces: Vec<Face>,
    /// For SVG images in letters (usvg, with the shipped fonts for their text).
    pub(crate) svg_options: resvg::usvg::Options<'static>,
    families: Vec<String>,
}

impl Default for Typesetter {
    fn default() -> Self {
        Self::new()
    }
}

impl Typesetter {
    /// Loads the fonts compiled into the binary (Open Sans in four styles) for shaping and
    /// every exporter.
    pub fn new() -> Typesetter {
        let mut db = fontdb::Database::new();
        let mut faces = Vec::new();
        for bytes in FONTS {
            for id in db.load_font_source(fontdb::Source::Binary(Arc::new(bytes))) {
                let name = db
                    .face(id)
                    .map_or_else(String::new, |f| f.post_script_name.clone());
                faces.extend(Face::new(bytes, id, name));
            }
        }
        let mut families: Vec<String> = db
            .faces()
            .flat_map(|f| f.families.iter().map(|(n, _)| n.clone()))
            .collect();
        families.sort();
        families.dedup();
        let svg_options = resvg::usvg::Options {
            fontdb: Arc::new(db.clone()),
            font_family: DEFAULT_FAMILY.into(),
            ..resvg::usvg::Options::default()
        };
        let fonts = FontSystem::new_with_locale_and_db("de-DE".into(), db);
        Typesetter {
            layout: Mutex::new(fonts),
            faces,
            svg_options,
            families,
        }
    }

    /// The families that can be used, e.g. `Open Sans`.
    pub fn families(&self) -> &[String] {
        &self.families
    }

    /// Whether `name` is one of [`families`](Self::families), ignoring ASCII case.
    pub fn has_family(&self, name: &str) -> bool {
        self.families.iter().any(|f| f.eq_ignore_ascii_case(name))
    }

    /// Every loaded face, in the order a [`FaceId`] indexes.
    pub fn faces(&self) -> &[Face] {
        &self.faces
    }

    /// The face `id` stands for; `id` must come from this typesetter (else it panics).
    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[usize::from(id.0)]
    }

    /// The face cosmic-text chose for a glyph.
    pub(crate) fn face_of(&self, id: fontdb::ID) -> FaceId {
        let i = self.faces.iter().position(|f| f.id == id).unwrap_or(0);
        FaceId(i as u8)
    }
}
