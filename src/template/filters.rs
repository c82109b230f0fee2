//! Filters for customer communication: dates, amounts and country names as the customer's
//! locale writes them. The formats are ICU4X's, from its compiled CLDR data: Prism keeps no
//! tables of its own.
//!
//! One artefact speaks one language: dates, month names and amounts are written in the
//! language the customer's message is written in, as Prism's own words (see
//! [`crate::words`]) are. The customer's `country` only chooses that language's regional
//! conventions: a German message to a Swiss customer reads `CHF 1'234.50`, to an Austrian one
//! `Jänner`, to a German one `1.234,50 €`. English without a country is British English, the
//! English of a European sender.

use fixed_decimal::Decimal;
use icu_calendar::types::RataDie;
use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_locale::names::RegionDisplayName;
use icu_locale_core::Locale;
use minijinja::{Error, ErrorKind, State, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

type DateFormatter = FixedCalendarDateTimeFormatter<Gregorian, YMD>;

/// How an amount is written in one locale and currency.
enum MoneyFormat {
    /// The currency's symbol placed as the locale places it.
    Currency(CurrencyFormatter<DecimalFormatter>),
    /// A code ICU does not know as a currency: the locale's digits, then the code.
    Code(DecimalFormatter, String),
}

/// The formatters of one project, made once per locale and currency (making one reads CLDR
/// data; using one is cheap). Each export thread has its own project, so the locks are not
/// contended.
pub struct Formats {
    /// The language the message is written in; the record's country adds the region.
    language: String,
    /// The project's default language, the sender's: the destination country line is
    /// written in it (DIN 5008, as the sender's post office reads it).
    sender_language: String,
    dates: Mutex<HashMap<String, Arc<DateFormatter>>>,
    money: Mutex<HashMap<(String, String), Arc<MoneyFormat>>>,
}

impl Formats {
    /// The formats of a message written in `language` (`de`, `en-GB`, …) by a sender
    /// writing in `sender_language`.
    pub fn new(language: &str, sender_language: &str) -> Formats {
        Formats {
            language: language.to_owned(),
            sender_language: sender_language.to_owned(),
            dates: Mutex::default(),
            money: Mutex::default(),
        }
    }

    /// The locale of the record a template is rendered for: the message's language, in the
    /// record's country.
    fn locale_of(&self, state: &State) -> Locale {
        let country = state
            .lookup("country")
            .and_then(|v| v.as_str().map(str::trim).map(str::to_owned))
            .filter(|s| !s.is_empty());
        locale(&self.language, country.as_deref())
    }

    /// `{{ invoice.due_date | date }}`: an ISO date (`2026-11-30`) as the message's language
    /// writes it in the record's country (German as numbers, other languages with the month's name); anything else
    /// stays as it is.
    pub fn date_filter(&self, state: &State, value: &Value) -> Value {
        self.date(&self.locale_of(state), value)
    }

    /// [`Formats::date_filter`] in a given locale.
    pub fn date(&self, locale: &Locale, value: &Value) -> Value {
        match value.as_str().and_then(parse_iso_date) {
            Some(d) => Value::from(self.date_formatter(locale).format(&d).to_string()),
            None => value.clone(),
        }
    }

    fn date_formatter(&self, locale: &Locale) -> Arc<DateFormatter> {
        let key = locale.to_string();
        let mut dates = self.dates.lock().unwrap_or_else(|e| e.into_inner());
        dates
            .entry(key)
            .or_insert_with(|| Arc::new(date_formatter(locale)))
            .clone()
    }

    /// `{{ invoice.total | money(invoice.currency) }}`: an amount (text such as `149.70`, or a
    /// number) with the grouping, decimal sign and currency symbol of the message's language
    /// in the record's country; euros when no currency is given.
    pub fn money_filter(
        &self,
        state: &State,
        value: &Value,
        currency: Option<&Value>,
    ) -> Result<Value, Error> {
        self.money(&self.locale_of(state), value, currency)
    }

    /// [`Formats::money_filter`] in a given locale.
    pub fn money(
        &self,
        locale: &Locale,
        value: &Value,
        currency: Option<&Value>,
    ) -> Result<Value, Error> {
        if value.is_undefined() || value.is_none() {
            return Ok(value.clone());
        }
        let cents = match value.as_str() {
            Some(s) => parse_cents(s.trim()),
            None => f64::try_from(value.clone())
                .ok()
                .filter(|f| f.is_finite() && f.abs() < 1e15)
                .map(|f| (f * 100.0).round() as i64),
        }
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidOperation,
                format!("money: `{value}` is not an amount"),
            )
        })?;
        let code = currency
            .and_then(|c| c.as_str())
            .map_or("EUR", str::trim)
            .to_ascii_uppercase();
        let mut amount = Decimal::from(cents);
        amount.multiply_pow10(-2);
        let text = match &*self.money_format(locale, &code) {
            MoneyFormat::Currency(f) => f.format_fixed_decimal(&amount).to_string(),
            MoneyFormat::Code(f, code) => format!("{}\u{a0}{code}", f.format(&amount)),
        };
        // French groups digits with a narrow no-break space, which the letter's fonts lack;
        // a no-break space keeps the amount together just as well.
        Ok(Value::from(text.replace('\u{202f}', "\u{a0}")))
    }

    fn money_format(&self, locale: &Locale, code: &str) -> Arc<MoneyFormat> {
        let key = (locale.to_string(), code.to_owned());
        let mut money = self.money.lock().unwrap_or_else(|e| e.into_inner());
        money
            .entry(key)
            .or_insert_with(|| {
                let prefs = locale.into();
                let currency = CurrencyType::try_from_str(code).ok();
                let format = currency.and_then(|c| {
                    CurrencyFormatter::try_new_symbol(prefs, c, Default::default()).ok()
                });
                Arc::new(match format {
                    Some(f) => MoneyFormat::Currency(f),
                    None => MoneyFormat::Code(decimal_formatter(locale), code.to_owned()),
                })
            })
            .clone()
    }

    /// `{{ country | country }}`: an ISO 3166 code as the destination line of a letter
    /// (DIN 5008: the country in capitals, in the sender's language). Codes that name no
    /// country stay as they are.
    pub fn country(&self, value: &Value) -> Value {
        let Some(code) = value.as_str().map(str::trim) else {
            return value.clone();
        };
        let known = code.len() == 2
            && code.bytes().all(|b| b.is_ascii_alphabetic())
            && !code.eq_ignore_ascii_case("ZZ");
        let region = known
            .then(|| code.to_ascii_uppercase().parse().ok())
            .flatten();
        let name = region.and_then(|r| {
            let sender = locale(&self.sender_language, None);
            RegionDisplayName::try_new_light((&sender).into(), r)
                .ok()
                .map(|n| n.to_string())
        });
        match name {
            Some(n) => Value::from(n.to_uppercase()),
            None => value.clone(),
        }
    }
}

/// The locale of a language tag (`de`, `de-CH`, `fr`) and a country code; the tag's own
/// region wins over the country. Unparseable input gives British English.
pub fn locale(language: &str, country: Option<&str>) -> Locale {
    let mut parts = language.split(['-', '_']);
    let primary = parts.next().unwrap_or("").to_ascii_lowercase();
    let primary = if primary.is_empty() {
        "en".to_owned()
    } else {
        primary
    };
    let region = parts
        .find(|p| p.len() == 2)
        .or(country)
        .map(str::to_ascii_uppercase)
        .or_else(|| (primary == "en").then(|| "GB".to_owned()));
    let tag = match region {
        Some(r) => format!("{primary}-{r}"),
        None => primary,
    };
    tag.parse()
        .or_else(|_| language.parse())
        .unwrap_or_else(|_| "en-GB".parse().expect("en-GB is a locale"))
}

/// Dates as numbers where the language writes them so in letters (German, per DIN 5008),
/// else with the month's name.
fn date_formatter(locale: &Locale) -> DateFormatter {
    let numeric = crate::words::of(locale.id.language.as_str()).numeric_dates;
    let fields = if numeric { YMD::medium() } else { YMD::long() };
    FixedCalendarDateTimeFormatter::try_new(locale.into(), fields)
        .or_else(|_| FixedCalendarDateTimeFormatter::try_new(Default::default(), fields))
        .expect("ICU's compiled data has the root locale's dates")
}

fn decimal_formatter(locale: &Locale) -> DecimalFormatter {
    DecimalFormatter::try_new(locale.into(), Default::default())
        .or_else(|_| DecimalFormatter::try_new(Default::default(), Default::default()))
        .expect("ICU's compiled data has the root locale's numbers")
}

/// `2026-11-30` (a time after it is ignored) as a Gregorian date; `None` for anything else,
/// including days that do not exist.
fn parse_iso_date(s: &str) -> Option<Date<Gregorian>> {
    let mut parts = s.get(..10)?.split('-');
    let y = parts.next()?.parse::<i32>().ok()?;
    let m = parts.next()?.parse::<u8>().ok()?;
    let d = parts.next()?.parse::<u8>().ok()?;
    if parts.next().is_some() || !(1..=9999).contains(&y) {
        return None;
    }
    Date::try_new_gregorian(y, m, d).ok()
}

/// Today's date (UTC) of `now`, as the `date` filter writes it in `language`: the letter's
/// date.
pub fn letter_date(now: std::time::SystemTime, language: &str) -> String {
    /// 1970-01-01 counted from 0001-01-01 (day 1), as ICU's dates count.
    const UNIX_EPOCH_RATA_DIE: i64 = 719_163;
    let days = now
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    let day = Date::from_rata_die(RataDie::new(UNIX_EPOCH_RATA_DIE + days), Gregorian);
    date_formatter(&locale(language, None))
        .format(&day)
        .to_string()
}

/// "149.70" → 14970 without floating point.
fn parse_cents(s: &str) -> Option<i64> {
    let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || whole.len() > 15
        || !whole.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let frac = format!("{frac:0<2}");
    let cents = whole.parse::<i64>().ok()? * 100 + frac.parse::<i64>().ok()?;
    Some(if neg { -cents } else { cents })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(lang: &str, v: Value, cur: &str) -> String {
        Formats::new(lang, lang)
            .money(&locale(lang, None), &v, Some(&Value::from(cur)))
            .unwrap()
            .to_string()
    }

    fn date(lang: &str, v: &str) -> String {
        Formats::new(lang, lang)
            .date(&locale(lang, None), &Value::from(v))
            .to_string()
    }

    #[test]
    fn amounts() {
        assert_eq!(m("de", Value::from("1289.00"), "EUR"), "1.289,00\u{a0}€");
        assert_eq!(m("de", Value::from("0.5"), "EUR"), "0,50\u{a0}€");
        assert_eq!(m("en", Value::from("12.50"), "GBP"), "£12.50");
        assert_eq!(m("de", Value::from(19.9_f64), "CHF"), "19,90\u{a0}CHF");
        assert_eq!(m("en-US", Value::from("1234567.8"), "USD"), "$1,234,567.80");
        assert_eq!(m("de", Value::from("-3"), "EUR"), "-3,00\u{a0}€");
        // Switzerland, France: their own grouping and symbol places.
        assert_eq!(
            m("de-CH", Value::from("1234.5"), "CHF"),
            "CHF\u{a0}1'234.50"
        );
        assert_eq!(
            m("fr-FR", Value::from("1234.5"), "EUR"),
            "1\u{a0}234,50\u{a0}€"
        );
        // A code that is no currency still gets the locale's digits.
        assert_eq!(m("de", Value::from("2"), "PTS"), "2,00\u{a0}PTS");
    }

    #[test]
    fn letter_dates() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_478_400); // 2026-11-24
        assert_eq!(letter_date(t, "de"), "24.11.2026");
        assert_eq!(letter_date(std::time::UNIX_EPOCH, "en"), "1 January 1970");
        let leap = std::time::UNIX_EPOCH + std::time::Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(letter_date(leap, "de"), "29.02.2000");
    }

    #[test]
    fn dates() {
        assert_eq!(date("de", "2026-11-30"), "30.11.2026");
        assert_eq!(date("en", "2026-12-01"), "1 December 2026");
        assert_eq!(date("en-US", "2026-12-01"), "December 1, 2026");
        assert_eq!(date("fr", "2026-12-01"), "1 décembre 2026");
        assert_eq!(date("de-CH", "2026-12-01"), "01.12.2026");
        assert_eq!(date("de", "soon"), "soon");
        assert_eq!(date("de", "2026-02-30"), "2026-02-30");
    }

    #[test]
    fn locales_from_language_and_country() {
        assert_eq!(locale("fr", Some("ch")).to_string(), "fr-CH");
        assert_eq!(locale("de-AT", Some("DE")).to_string(), "de-AT");
        assert_eq!(locale("en", None).to_string(), "en-GB");
        assert_eq!(locale("", None).to_string(), "en-GB");
        assert_eq!(locale("%%%", None).to_string(), "en-GB");
    }

    #[test]
    fn countries_in_the_senders_language() {
        let c = |lang: &str, code: &str| {
            Formats::new(lang, lang)
                .country(&Value::from(code))
                .to_string()
        };
        assert_eq!(c("de", "CH"), "SCHWEIZ");
        assert_eq!(c("de", "gb"), "VEREINIGTES KÖNIGREICH");
        assert_eq!(c("en", "DE"), "GERMANY");
        assert_eq!(c("de", "ZZ"), "ZZ");
        assert_eq!(c("de", "Atlantis"), "Atlantis");
    }
}
