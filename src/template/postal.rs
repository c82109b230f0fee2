//! The locality lines of a postal address as the destination country's post writes them
//! (after the UPU's "Postal addressing systems" and the national guides): where the postcode
//! stands, which parts are in capitals, and the country's name on the last line, in capitals
//! and in the sender's language, for mail that leaves the sender's country (as Deutsche Post
//! asks for letters from Germany).
//!
//! Templates call it as `{{ postal(street, postal_code, city, country) }}` (a fifth argument
//! is the region: a US state, an Italian province); it gives one line per line of the
//! address, which the letter's address field keeps apart.

/// How a destination country writes the lines after the street.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Locality {
    /// `POSTCODE City` (Germany, Austria, Switzerland, Belgium, Spain and most of Europe).
    CodeCity,
    /// `POSTCODE CITY`: the city in capitals (France, the Netherlands).
    CodeCityCaps,
    /// `POSTCODE CITY PR`: the city in capitals, then the province's code (Italy).
    CodeCityProvince,
    /// `CITY` then `POSTCODE` on a line of its own, the post town in capitals (the UK).
    TownThenCode,
    /// `CITY ST ZIP`, all in capitals (the United States, USPS Publication 28).
    CityStateZip,
}

fn locality(country: &str) -> Locality {
    match country {
        "FR" | "NL" | "LU" | "MC" => Locality::CodeCityCaps,
        "IT" | "SM" | "VA" => Locality::CodeCityProvince,
        "GB" | "IE" => Locality::TownThenCode,
        "US" | "CA" | "AU" => Locality::CityStateZip,
        _ => Locality::CodeCity,
    }
}

/// The address's lines from the street on: the street, the locality as `country` writes it,
/// and `country_name` (already in the sender's language) in capitals when the letter leaves
/// `home` for another country. Empty parts leave no gaps.
pub fn lines(
    street: &str,
    postal_code: &str,
    city: &str,
    region: &str,
    country: &str,
    home: &str,
    country_name: &str,
) -> Vec<String> {
    let country = country.trim().to_ascii_uppercase();
    let (code, city, region) = (postal_code.trim(), city.trim(), region.trim());
    let join = |parts: &[&str]| {
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = vec![street.trim().to_owned()];
    match locality(&country) {
        Locality::CodeCity => out.push(join(&[code, city])),
        Locality::CodeCityCaps => out.push(join(&[code, &city.to_uppercase()])),
        Locality::CodeCityProvince => {
            out.push(join(&[code, &city.to_uppercase(), &region.to_uppercase()]));
        }
        Locality::TownThenCode => {
            out.push(city.to_uppercase());
            out.push(code.to_uppercase());
        }
        Locality::CityStateZip => {
            out.push(join(&[&city.to_uppercase(), &region.to_uppercase(), code]));
        }
    }
    if !country.is_empty() && !country.eq_ignore_ascii_case(home.trim()) {
        out.push(country_name.to_uppercase());
    }
    out.retain(|l| !l.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::lines;

    /// One address per country, from a sender in Germany; the country names as the `country`
    /// filter gives them in German.
    #[test]
    fn each_country_writes_its_own_locality() {
        let cases: [(&str, [&str; 5], &[&str]); 10] = [
            (
                "DE",
                ["Heidestraße 17", "51147", "Köln", "", "DEUTSCHLAND"],
                &["Heidestraße 17", "51147 Köln"],
            ),
            (
                "AT",
                ["Mariahilfer Straße 1", "1060", "Wien", "", "Österreich"],
                &["Mariahilfer Straße 1", "1060 Wien", "ÖSTERREICH"],
            ),
            (
                "CH",
                ["Bahnhofstrasse 10", "8001", "Zürich", "", "Schweiz"],
                &["Bahnhofstrasse 10", "8001 Zürich", "SCHWEIZ"],
            ),
            (
                "FR",
                ["12 rue de la Paix", "75002", "Paris", "", "Frankreich"],
                &["12 rue de la Paix", "75002 PARIS", "FRANKREICH"],
            ),
            (
                "IT",
                ["Via Roma 1", "00184", "Roma", "rm", "Italien"],
                &["Via Roma 1", "00184 ROMA RM", "ITALIEN"],
            ),
            (
                "NL",
                ["Damrak 1", "1012 LG", "Amsterdam", "", "Niederlande"],
                &["Damrak 1", "1012 LG AMSTERDAM", "NIEDERLANDE"],
            ),
            (
                "BE",
                ["Rue Neuve 1", "1000", "Bruxelles", "", "Belgien"],
                &["Rue Neuve 1", "1000 Bruxelles", "BELGIEN"],
            ),
            (
                "ES",
                ["Calle Mayor 1", "28013", "Madrid", "", "Spanien"],
                &["Calle Mayor 1", "28013 Madrid", "SPANIEN"],
            ),
            (
                "GB",
                [
                    "221B Baker Street",
                    "nw1 6xe",
                    "London",
                    "",
                    "Vereinigtes Königreich",
                ],
                &[
                    "221B Baker Street",
                    "LONDON",
                    "NW1 6XE",
                    "VEREINIGTES KÖNIGREICH",
                ],
            ),
            (
                "US",
                [
                    "350 Fifth Avenue",
                    "10118",
                    "New York",
                    "NY",
                    "Vereinigte Staaten",
                ],
                &[
                    "350 Fifth Avenue",
                    "NEW YORK NY 10118",
                    "VEREINIGTE STAATEN",
                ],
            ),
        ];
        for (country, [street, code, city, region, name], expected) in cases {
            let got = lines(street, code, city, region, country, "DE", name);
            assert_eq!(got, expected, "{country}");
        }
    }

    #[test]
    fn empty_parts_leave_no_gaps_and_home_mail_names_no_country() {
        assert_eq!(
            lines("", "", "Köln", "", "de", "DE", "DEUTSCHLAND"),
            ["Köln"]
        );
        assert_eq!(lines("Main St 1", "", "", "", "", "DE", ""), ["Main St 1"]);
        // From the UK, a German address ends with the country in the sender's language.
        assert_eq!(
            lines("Heidestraße 17", "51147", "Köln", "", "DE", "GB", "Germany"),
            ["Heidestraße 17", "51147 Köln", "GERMANY"]
        );
    }
}
