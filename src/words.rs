//! Prism's own words in the messages it makes: not the author's content, but what Prism adds
//! to it (the letter's date label and page numbers, the unsubscribe note of marketing email,
//! "and 3 more items" when a chat message shortens a table). One table per language, chosen
//! by the language the customer's message is written in; a language without its own table
//! gets English.

/// The words of one language.
#[derive(Debug)]
pub struct Words {
    /// The label of the letter's date in its information block.
    pub date: &'static str,
    /// "Page 1 of 2" at the foot of every letter page.
    pub page_of: fn(page: usize, pages: usize) -> String,
    /// Why a marketing email reaches the customer, above the unsubscribe link.
    pub unsubscribe_note: &'static str,
    /// The unsubscribe link's text.
    pub unsubscribe: &'static str,
    /// The line a chat message adds when it shows only the first rows of a table.
    pub more_rows: fn(more: usize) -> String,
    /// Dates as numbers (30.11.2026, as DIN 5008 writes them) rather than with the month's
    /// name (30 November 2026).
    pub numeric_dates: bool,
}

/// German.
pub static GERMAN: Words = Words {
    date: "Datum",
    page_of: |page, pages| format!("Seite {page} von {pages}"),
    unsubscribe_note: "Sie erhalten diese E-Mail, weil Sie Informationen von uns abonniert haben.",
    unsubscribe: "Abmelden",
    more_rows: |more| match more {
        1 => "… und 1 weitere Position".to_owned(),
        _ => format!("… und {more} weitere Positionen"),
    },
    numeric_dates: true,
};

/// English, also for every language without its own table.
pub static ENGLISH: Words = Words {
    date: "Date",
    page_of: |page, pages| format!("Page {page} of {pages}"),
    unsubscribe_note: "You receive this email because you subscribed to news from us.",
    unsubscribe: "Unsubscribe",
    more_rows: |more| format!("… and {more} more"),
    numeric_dates: false,
};

/// French.
pub static FRENCH: Words = Words {
    date: "Date",
    page_of: |page, pages| format!("Page {page} sur {pages}"),
    unsubscribe_note: "Vous recevez cet e-mail parce que vous êtes abonné à nos informations.",
    unsubscribe: "Se désabonner",
    more_rows: |more| match more {
        1 => "… et 1 autre ligne".to_owned(),
        _ => format!("… et {more} autres lignes"),
    },
    numeric_dates: false,
};

/// Italian.
pub static ITALIAN: Words = Words {
    date: "Data",
    page_of: |page, pages| format!("Pagina {page} di {pages}"),
    unsubscribe_note: "Riceve questa e-mail perché si è iscritto alle nostre informazioni.",
    unsubscribe: "Annulla l’iscrizione",
    more_rows: |more| match more {
        1 => "… e un’altra voce".to_owned(),
        _ => format!("… e altre {more} voci"),
    },
    numeric_dates: false,
};

/// Every language with its own words: its primary language subtag and its table.
pub const LANGUAGES: [(&str, &Words); 4] = [
    ("de", &GERMAN),
    ("en", &ENGLISH),
    ("fr", &FRENCH),
    ("it", &ITALIAN),
];

/// The words for a language tag such as `de`, `de-CH` or `en-GB`.
pub fn of(language: &str) -> &'static Words {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    LANGUAGES
        .iter()
        .find(|(tag, _)| primary.eq_ignore_ascii_case(tag))
        .map_or(&ENGLISH, |(_, w)| w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_picks_its_language_and_anything_else_english() {
        assert_eq!(of("de").date, "Datum");
        assert_eq!(of("de-CH").date, "Datum");
        assert_eq!(of("DE_at").date, "Datum");
        assert_eq!(of("en-GB").date, "Date");
        assert_eq!(of("fr-CH").unsubscribe, "Se désabonner");
        assert_eq!(of("it").date, "Data");
        assert_eq!(of("pt-BR").date, "Date");
        assert_eq!(of("").date, "Date");
        assert_eq!((of("de").page_of)(1, 2), "Seite 1 von 2");
        assert_eq!((of("en").more_rows)(3), "… and 3 more");
        assert_eq!((of("de").more_rows)(1), "… und 1 weitere Position");
        assert_eq!((of("it").page_of)(2, 3), "Pagina 2 di 3");
    }
}
