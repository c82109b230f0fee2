//! The print run: one PDF of many letters for a print shop, written as the letters come.
//! Each letter's own PDF (its proof) is copied in, object by object, so nothing is set or
//! converted twice; only an offset per object and an id per page stay in memory, so
//! memory does not grow with the size of the letters, only by a few bytes per page.

use super::PrintError;
use lopdf::{Dictionary, Object, ObjectId};
use std::io::Write;

/// Object 1 is the page tree, object 2 the catalog; letters' objects follow.
const PAGES_ID: u32 = 1;
const CATALOG_ID: u32 = 2;

/// One PDF of many letters for a print shop, written to `W` as they come: [`add`](Self::add)
/// each letter's PDF, then [`finish`](Self::finish).
pub struct PrintRun<W: Write> {
    out: W,
    /// Bytes written so far.
    position: u64,
    /// Where each object starts, by id (index 0 is the free head; 0 = not written).
    offsets: Vec<u64>,
    pages: Vec<u32>,
    /// Pad every letter to an even number of pages, so each starts on a front side.
    duplex: bool,
    letters: usize,
}

fn pdf_err(e: impl std::fmt::Display) -> PrintError {
    PrintError::Pdf(e.to_string())
}

impl<W: Write> PrintRun<W> {
    /// Starts the PDF in `out`. With `duplex`, each letter is padded to an even number of pages,
    /// so that the next starts on a front side.
    pub fn new(out: W, duplex: bool) -> Result<PrintRun<W>, PrintError> {
        let mut run = PrintRun {
            out,
            position: 0,
            offsets: vec![0; CATALOG_ID as usize + 1],
            pages: Vec::new(),
            duplex,
            letters: 0,
        };
        // The binary comment marks the file as binary for transfer tools.
        run.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")?;
        Ok(run)
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), PrintError> {
        self.out.write_all(bytes).map_err(pdf_err)?;
        self.position += bytes.len() as u64;
        Ok(())
    }

    fn write_object(&mut self, id: u32, object: &Object) -> Result<(), PrintError> {
        let index = id as usize;
        if self.offsets.len() <= index {
            self.offsets.resize(index + 1, 0);
        }
        self.offsets[index] = self.position;
        let mut bytes = format!("{id} 0 obj\n").into_bytes();
        lopdf::Writer::write_object(&mut bytes, object).map_err(pdf_err)?;
        bytes.extend_from_slice(b"\nendobj\n");
        self.write(&bytes)
    }

    fn next_id(&self) -> u32 {
        self.offsets.len() as u32
    }

    /// Appends one letter's PDF (as `pdf()` made it).
    pub fn add(&mut self, letter_pdf: &[u8]) -> Result<(), PrintError> {
        let mut doc = lopdf::Document::load_mem(letter_pdf).map_err(pdf_err)?;
        doc.renumber_objects_with(self.next_id());
        let info = doc.trailer.get(b"Info").and_then(Object::as_reference).ok();
        let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let mut media_box = None;
        for page_id in &page_ids {
            // What a page may inherit from its page tree is copied onto it, as the tree goes.
            let inherited = doc
                .get_page_resources(*page_id)
                .ok()
                .and_then(|(d, _)| d.cloned());
            if let Ok(Object::Dictionary(page)) = doc.get_object_mut(*page_id) {
                if page.get(b"Resources").is_err()
                    && let Some(res) = inherited
                {
                    page.set("Resources", Object::Dictionary(res));
                }
                page.set("Parent", Object::Reference((PAGES_ID, 0)));
                media_box = page.get(b"MediaBox").ok().cloned();
            }
        }
        let max_id = doc.max_id;
        for (id, object) in std::mem::take(&mut doc.objects) {
            let kind = object
                .as_dict()
                .ok()
                .and_then(|d| d.get(b"Type").ok())
                .and_then(|t| t.as_name().ok());
            // The letter's own document structure and metadata are replaced by the run's.
            let skip = matches!(
                kind,
                Some(b"Catalog" | b"Pages" | b"Metadata" | b"ObjStm" | b"XRef")
            ) || Some(id) == info;
            if !skip {
                self.write_object(id.0, &object)?;
            }
        }
        if self.offsets.len() <= max_id as usize {
            self.offsets.resize(max_id as usize + 1, 0);
        }
        self.pages.extend(page_ids.iter().map(|id| id.0));
        if self.duplex && page_ids.len() % 2 == 1 {
            self.blank_page(media_box)?;
        }
        self.letters += 1;
        Ok(())
    }

    /// An empty back side.
    fn blank_page(&mut self, media_box: Option<Object>) -> Result<(), PrintError> {
        let id = self.next_id();
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", Object::Reference((PAGES_ID, 0)));
        page.set(
            "MediaBox",
            media_box.unwrap_or_else(|| {
                Object::Array(vec![0.into(), 0.into(), 595.276.into(), 841.89.into()])
            }),
        );
        page.set("Resources", Object::Dictionary(Dictionary::new()));
        self.write_object(id, &Object::Dictionary(page))?;
        self.pages.push(id);
        Ok(())
    }

    /// Letters and pages so far.
    pub fn counts(&self) -> (usize, usize) {
        (self.letters, self.pages.len())
    }

    /// Writes the page tree, the catalog and the cross-reference table.
    pub fn finish(mut self) -> Result<W, PrintError> {
        let mut tree = Dictionary::new();
        tree.set("Type", Object::Name(b"Pages".to_vec()));
        tree.set("Count", Object::Integer(self.pages.len() as i64));
        let kids = self
            .pages
            .iter()
            .map(|id| Object::Reference((*id, 0)))
            .collect();
        tree.set("Kids", Object::Array(kids));
        self.write_object(PAGES_ID, &Object::Dictionary(tree))?;
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference((PAGES_ID, 0)));
        self.write_object(CATALOG_ID, &Object::Dictionary(catalog))?;
        let xref_at = self.position;
        let header = format!("xref\n0 {}\n0000000000 65535 f \n", self.offsets.len());
        self.write(header.as_bytes())?;
        for i in 1..self.offsets.len() {
            let entry = match self.offsets[i] {
                0 => "0000000000 65535 f \n".to_owned(),
                offset => format!("{offset:010} 00000 n \n"),
            };
            self.write(entry.as_bytes())?;
        }
        let trailer = format!(
            "trailer\n<< /Size {} /Root {CATALOG_ID} 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
            self.offsets.len()
        );
        self.write(trailer.as_bytes())?;
        self.out.flush().map_err(pdf_err)?;
        Ok(self.out)
    }
}
