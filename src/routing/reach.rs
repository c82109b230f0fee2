//! Whether a record can be reached on a channel: a valid email address (lettre's RFC 5322
//! parser, the one the `.eml` is built with), a valid phone number in E.164 (libphonenumber's
//! metadata through the `phonenumber` crate, with the record's country for numbers written
//! without `+`), a chat id, a complete postal address.

use std::str::FromStr;

/// The address, normalised, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// Reachable at this address, normalised (E.164 phone, lower-case email domain).
    Ok(String),
    /// The record gives no address for the channel.
    Missing,
    /// There is an address but it cannot be used; the text says why.
    Invalid(String),
}

/// Reach by email: `text` checked with lettre's parser, its domain lower-cased.
pub fn email(text: &str) -> Reach {
    if text.is_empty() {
        return Reach::Missing;
    }
    match lettre::Address::from_str(text) {
        // The domain is matched case-insensitively by mail servers; suppression lists too.
        Ok(a) => Reach::Ok(format!("{}@{}", a.user(), a.domain().to_ascii_lowercase())),
        Err(e) => Reach::Invalid(format!("`{text}` is not an email address ({e})")),
    }
}

/// `country` is the record's ISO 3166 alpha-2 code (used when the number has no `+`).
pub fn phone(text: &str, country: &str) -> Reach {
    if text.is_empty() {
        return Reach::Missing;
    }
    // The library reads letters as a keypad's digits (`CALL` = 2255); in customer data they
    // are a mistake, not a vanity number.
    if text.chars().any(|c| c.is_alphabetic()) {
        return Reach::Invalid(format!("`{text}` has letters; a phone number has digits"));
    }
    let region = phonenumber::country::Id::from_str(&country.to_ascii_uppercase()).ok();
    let region = if text.trim_start().starts_with('+') {
        None
    } else {
        region
    };
    match phonenumber::parse(region, text) {
        // E.164 is `+`, the country code and the national number; written here because the
        // crate's formatter also matches the country's display patterns, which E.164 ignores
        // (a quarter of the time spent on phone numbers went there).
        Ok(n) if phonenumber::is_valid(&n) => {
            Reach::Ok(format!("+{}{}", n.country().code(), n.national()))
        }
        Ok(_) => Reach::Invalid(format!("`{text}` is not a valid phone number")),
        Err(e) => Reach::Invalid(format!("`{text}` is not a phone number ({e})")),
    }
}

/// Reach by chat: any id that is not empty and has no control characters.
pub fn chat(text: &str) -> Reach {
    if text.is_empty() {
        Reach::Missing
    } else if text.chars().any(char::is_control) {
        Reach::Invalid("the chat id has control characters".into())
    } else {
        Reach::Ok(text.to_owned())
    }
}

/// Name, street, postal code and city, each present; the country when it is not home.
pub fn postal(parts: [&str; 4], country: &str, home: &str) -> Reach {
    let names = ["name", "street", "postal code", "city"];
    let missing: Vec<&str> = parts
        .iter()
        .zip(names)
        .filter(|(p, _)| p.is_empty())
        .map(|(_, n)| n)
        .collect();
    if missing.len() == parts.len() {
        return Reach::Missing;
    }
    if !missing.is_empty() {
        return Reach::Invalid(format!("the postal address lacks {}", missing.join(", ")));
    }
    let abroad = !country.is_empty() && !country.eq_ignore_ascii_case(home);
    if abroad && !(country.len() == 2 && country.chars().all(|c| c.is_ascii_alphabetic())) {
        return Reach::Invalid(format!("`{country}` is not a country code"));
    }
    let mut line = parts.join(", ");
    if abroad {
        line.push_str(", ");
        line.push_str(&country.to_ascii_uppercase());
    }
    Reach::Ok(line)
}
