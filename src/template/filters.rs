//! Filters for customer communication: dates and amounts in the project's language.

use minijinja::{Error, ErrorKind, Value};

/// `{{ invoice.due_date | date }}`: an ISO date (`2026-11-30`) as the language writes it.
pub fn date(language: &str, value: &Value) -> Value {
    let Some(s) = value.as_str() else {
        return value.clone();
    };
    let parts: Vec<&str> = s.get(..10).unwrap_or(s).split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return value.clone();
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return value.clone();
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return value.clone();
    }
    if language.starts_with("de") {
        Value::from(format!("{d:02}.{m:02}.{y}"))
    } else {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        Value::from(format!("{d} {} {y}", MONTHS[m as usize - 1]))
    }
}

/// Year, month and day of the day `days` after 1970-01-01 (Howard Hinnant's civil-date
/// algorithm; no time zone data needed).
pub fn civil_date(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Today's date (UTC) of `now`, as the `date` filter writes it in `language`.
pub fn letter_date(now: std::time::SystemTime, language: &str) -> String {
    let days = now
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    let (y, m, d) = civil_date(days);
    date(language, &Value::from(format!("{y:04}-{m:02}-{d:02}"))).to_string()
}

/// `{{ country | country }}`: an ISO 3166 code as the destination line of a German letter
/// (DIN 5008: the country in capitals, in the sender's language). Unknown codes stay as they are.
pub fn country(value: &Value) -> Value {
    const NAMES: [(&str, &str); 16] = [
        ("AT", "ÖSTERREICH"),
        ("BE", "BELGIEN"),
        ("CH", "SCHWEIZ"),
        ("CZ", "TSCHECHIEN"),
        ("DE", "DEUTSCHLAND"),
        ("DK", "DÄNEMARK"),
        ("ES", "SPANIEN"),
        ("FR", "FRANKREICH"),
        ("GB", "VEREINIGTES KÖNIGREICH"),
        ("IE", "IRLAND"),
        ("IT", "ITALIEN"),
        ("LU", "LUXEMBURG"),
        ("NL", "NIEDERLANDE"),
        ("PL", "POLEN"),
        ("SE", "SCHWEDEN"),
        ("US", "VEREINIGTE STAATEN"),
    ];
    match value.as_str() {
        Some(code) => NAMES
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(code.trim()))
            .map_or_else(|| value.clone(), |(_, name)| Value::from(*name)),
        None => value.clone(),
    }
}

/// `{{ invoice.total | money(invoice.currency) }}`: a decimal amount with grouping and symbol.
pub fn money(language: &str, value: &Value, currency: Option<&Value>) -> Result<Value, Error> {
    if value.is_undefined() || value.is_none() {
        return Ok(value.clone());
    }
    let cents = match value.as_str() {
        Some(s) => parse_cents(s.trim()),
        None => f64::try_from(value.clone())
            .ok()
            .filter(|f| f.is_finite() && f.abs() < 1e15)
            .map(|f| (f * 100.0).round() as i128),
    }
    .ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("money: `{value}` is not an amount"),
        )
    })?;
    let currency = currency.and_then(|c| c.as_str()).unwrap_or("EUR");
    let de = language.starts_with("de");
    let (sep, dec) = if de { ('.', ',') } else { (',', '.') };
    let symbol = match currency {
        "EUR" => "€",
        "GBP" => "£",
        "USD" => "$",
        other => other,
    };
    // German puts the symbol after the number, English before it; codes always go after.
    let symbol_after = de || symbol.is_ascii() && symbol.len() > 1;
    let units = (cents.abs() / 100).to_string();
    let mut out = String::with_capacity(units.len() + units.len() / 3 + 8);
    if cents < 0 {
        out.push('-');
    }
    if !symbol_after {
        out.push_str(symbol);
    }
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    let frac = (cents.abs() % 100) as u8;
    out.push(dec);
    out.push(char::from(b'0' + frac / 10));
    out.push(char::from(b'0' + frac % 10));
    if symbol_after {
        out.push(' ');
        out.push_str(symbol);
    }
    Ok(Value::from(out))
}

/// "149.70" → 14970 without floating point.
fn parse_cents(s: &str) -> Option<i128> {
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
    let cents = whole.parse::<i128>().ok()? * 100 + frac.parse::<i128>().ok()?;
    Some(if neg { -cents } else { cents })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(lang: &str, v: Value, cur: &str) -> String {
        money(lang, &v, Some(&Value::from(cur)))
            .unwrap()
            .to_string()
    }

    #[test]
    fn amounts() {
        assert_eq!(m("de", Value::from("1289.00"), "EUR"), "1.289,00 €");
        assert_eq!(m("de", Value::from("0.5"), "EUR"), "0,50 €");
        assert_eq!(m("en", Value::from("12.50"), "GBP"), "£12.50");
        assert_eq!(m("de", Value::from(19.9_f64), "CHF"), "19,90 CHF");
        assert_eq!(m("en", Value::from("1234567.8"), "USD"), "$1,234,567.80");
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
        assert_eq!(
            date("de", &Value::from("2026-11-30")).to_string(),
            "30.11.2026"
        );
        assert_eq!(
            date("en", &Value::from("2026-12-01")).to_string(),
            "1 December 2026"
        );
        assert_eq!(date("de", &Value::from("soon")).to_string(), "soon");
    }
}
