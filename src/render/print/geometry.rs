//! DIN 5008 geometry of a business letter, in millimetres as the standard gives it.

use super::page::{RectPt, mm_to_pt};
use crate::model::{Paper, PrintForm};

/// Where things stand on a DIN 5008 letter page, in millimetres from the top-left corner.
pub struct Geometry {
    /// Paper width: 210 for A4, 215.9 for US Letter.
    pub width_mm: f32,
    /// Paper height: 297 for A4, 279.4 for US Letter.
    pub height_mm: f32,
    /// Left margin: where body text starts (25 mm).
    pub left_mm: f32,
    /// Right margin: space kept free right of the text (20 mm).
    pub right_mm: f32,
    /// Address field: 85 × 45 mm, 20 mm from the left edge.
    pub window_x_mm: f32,
    /// Top edge of the address field: 27 mm for form A, 45 mm for form B.
    pub window_y_mm: f32,
    /// Width of the address field (85 mm).
    pub window_w_mm: f32,
    /// Height of the address field (45 mm).
    pub window_h_mm: f32,
    /// Height of the return-address and note zone at the top of the field.
    pub note_zone_mm: f32,
    /// Left edge of the information block (date, references): 125 mm.
    pub info_x_mm: f32,
    /// Top of the information block: 32 mm for form A, 50 mm for form B.
    pub info_y_mm: f32,
    /// The two fold marks, from the top: 87 and 192 mm (form A), 105 and 210 mm (form B).
    pub folds_mm: [f32; 2],
    /// The punch mark, from the top: half the paper's height.
    pub punch_mm: f32,
    /// Where the subject line of page 1 stands.
    pub body_top_mm: f32,
    /// Where text starts on the following pages.
    pub follow_top_mm: f32,
    /// Text left of this runs into the fold and punch marks.
    pub mark_zone_mm: f32,
}

impl Geometry {
    /// The geometry of `paper` with the address field where `form` puts it.
    pub fn new(paper: Paper, form: PrintForm) -> Geometry {
        let (width_mm, height_mm) = match paper {
            Paper::A4 => (210.0, 297.0),
            Paper::Letter => (215.9, 279.4),
        };
        let (window_y_mm, note_zone_mm, info_y_mm, folds_mm) = match form {
            PrintForm::A => (27.0, 12.7, 32.0, [87.0, 192.0]),
            PrintForm::B => (45.0, 17.7, 50.0, [105.0, 210.0]),
        };
        Geometry {
            width_mm,
            height_mm,
            left_mm: 25.0,
            right_mm: 20.0,
            window_x_mm: 20.0,
            window_y_mm,
            window_w_mm: 85.0,
            window_h_mm: 45.0,
            note_zone_mm,
            info_x_mm: 125.0,
            info_y_mm,
            folds_mm,
            punch_mm: height_mm / 2.0,
            body_top_mm: window_y_mm + 45.0 + 8.46,
            follow_top_mm: 25.0,
            mark_zone_mm: 10.0,
        }
    }

    /// Width of the body text between the left and right margins, in mm.
    pub fn text_width_mm(&self) -> f32 {
        self.width_mm - self.left_mm - self.right_mm
    }

    /// The address window on the page.
    pub fn window_pt(&self) -> RectPt {
        RectPt {
            x: mm_to_pt(self.window_x_mm),
            y: mm_to_pt(self.window_y_mm),
            width: mm_to_pt(self.window_w_mm),
            height: mm_to_pt(self.window_h_mm),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn din_5008_geometry() {
        let b = Geometry::new(Paper::A4, PrintForm::B);
        assert_eq!(
            (b.window_x_mm, b.window_y_mm, b.window_w_mm, b.window_h_mm),
            (20.0, 45.0, 85.0, 45.0)
        );
        assert_eq!((b.folds_mm, b.punch_mm), ([105.0, 210.0], 148.5));
        let a = Geometry::new(Paper::A4, PrintForm::A);
        assert_eq!((a.window_y_mm, a.folds_mm), (27.0, [87.0, 192.0]));
        let letter = Geometry::new(Paper::Letter, PrintForm::B);
        assert_eq!((letter.width_mm, letter.height_mm), (215.9, 279.4));
    }
}
