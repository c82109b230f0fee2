//! `{{ n | plural(one="# Monat", other="# Monate") }}`: the wording for a number in the
//! message's language, by the language's CLDR plural categories (ICU4X's rules): German and
//! English tell `one` from `other`, French also `many` (millions), Polish `one`, `few`,
//! `many` and `other`. `#` in the chosen text stands for the number as given.
//!
//! A category the language needs for the number but the text does not give is an error,
//! not a quiet `other`: "3 miesiące" and "5 miesięcy" differ in Polish, and a translation
//! that lacks `few` would print the wrong one.

use fixed_decimal::Decimal;
use icu_plurals::{PluralCategory, PluralRules};
use minijinja::value::Kwargs;
use minijinja::{Error, ErrorKind, Value};

/// The categories in CLDR's order, with their names as the filter's arguments.
const CATEGORIES: [(PluralCategory, &str); 6] = [
    (PluralCategory::Zero, "zero"),
    (PluralCategory::One, "one"),
    (PluralCategory::Two, "two"),
    (PluralCategory::Few, "few"),
    (PluralCategory::Many, "many"),
    (PluralCategory::Other, "other"),
];

/// The cardinal plural rules of one language.
pub struct Plurals {
    tag: String,
    rules: Option<PluralRules>,
}

impl Plurals {
    /// The rules of the language `tag`; a tag ICU cannot read gets the root rules (`other`).
    pub fn new(tag: &str) -> Plurals {
        let locale = super::filters::locale(tag, None);
        Plurals {
            tag: tag.to_owned(),
            rules: PluralRules::try_new_cardinal((&locale).into()).ok(),
        }
    }

    /// The CLDR category name of `number` (digits as written: `1`, `1.0`, `2.5`), or `None`
    /// when it is not a number.
    pub fn category(&self, number: &str) -> Option<&'static str> {
        let d = Decimal::try_from_str(number.trim()).ok()?;
        Some(self.category_of(&d))
    }

    fn category_of(&self, d: &Decimal) -> &'static str {
        let c = self
            .rules
            .as_ref()
            .map_or(PluralCategory::Other, |r| r.category_for(d));
        CATEGORIES
            .iter()
            .find(|(k, _)| *k == c)
            .map_or("other", |(_, n)| n)
    }

    /// The filter: the text given for `value`'s category, `#` replaced by the number.
    pub fn choose(&self, value: &Value, kwargs: &Kwargs) -> Result<Value, Error> {
        let written = match value.as_str() {
            Some(s) => s.trim().to_owned(),
            None if value.is_number() => value.to_string(),
            None => String::new(),
        };
        // A float is taken as it prints (`2.5`, `2.0`): its visible decimals count in CLDR's
        // rules, as they do when the customer reads the number.
        let decimal = match value.as_i64() {
            Some(i) => Some(Decimal::from(i)),
            None => Decimal::try_from_str(&written).ok(),
        };
        let Some(decimal) = decimal else {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("`plural` needs a number, and got “{written}”"),
            ));
        };
        let category = self.category_of(&decimal);
        let mut given = Vec::new();
        let mut chosen = None;
        for (_, name) in CATEGORIES {
            if let Some(text) = kwargs.get::<Option<String>>(name)? {
                given.push(name);
                if name == category {
                    chosen = Some(text);
                }
            }
        }
        kwargs.assert_all_used()?;
        let Some(text) = chosen else {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "`plural`: {} uses the form “{category}” for {written}, and the text gives only {}",
                    self.tag,
                    if given.is_empty() {
                        "none".to_owned()
                    } else {
                        given.join(", ")
                    }
                ),
            ));
        };
        Ok(Value::from(text.replace('#', &written)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_follow_each_language() {
        let c = |tag: &str, n: &str| Plurals::new(tag).category(n).unwrap();
        assert_eq!(c("de", "1"), "one");
        assert_eq!(c("de", "1.0"), "other");
        assert_eq!(c("fr", "0"), "one");
        assert_eq!(c("fr", "1.5"), "one");
        assert_eq!(c("en", "0"), "other");
        assert_eq!(c("pl", "3"), "few");
        assert_eq!(c("pl", "5"), "many");
        assert_eq!(c("pl", "22"), "few");
        assert_eq!(c("pl", "1.5"), "other");
        assert!(Plurals::new("de").category("drei").is_none());
    }
}
