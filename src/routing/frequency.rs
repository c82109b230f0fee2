//! The frequency cap's memory: how many marketing messages each customer got from earlier
//! exports within the window, read from their `routing.csv` logs.

use super::error::InputError;
use super::log;
use std::collections::HashMap;
use std::path::Path;

/// Marketing messages sent per record id within the window.
#[derive(Debug, Default, Clone)]
pub struct Counts(HashMap<String, u32>);

impl Counts {
    /// Marketing messages the record got within the window; 0 when none.
    pub fn count(&self, id: &str) -> u32 {
        self.0.get(id).copied().unwrap_or(0)
    }

    /// Counts the rows of earlier logs that sent (wrote) marketing to a customer between
    /// `window_days` before `today` (days since 1970-01-01) and today.
    pub fn load(
        logs: &[impl AsRef<Path>],
        today: i64,
        window_days: u32,
    ) -> Result<Counts, InputError> {
        let mut counts = HashMap::new();
        for dir in logs {
            let path = log::path_of(dir.as_ref());
            let csv_error = |source| InputError::Csv {
                path: path.clone(),
                source,
            };
            let mut reader = csv::Reader::from_path(&path).map_err(csv_error)?;
            let headers = reader.headers().map_err(csv_error)?.clone();
            let col = |name: &str| {
                headers
                    .iter()
                    .position(|h| h == name)
                    .ok_or_else(|| InputError::NotALog {
                        path: path.clone(),
                        column: name.to_owned(),
                    })
            };
            // What was written and listed; logs from before the `sent` column only had
            // routing's choice.
            let sent = col("sent").or_else(|_| col("chosen"))?;
            let (id, kind, at) = (col("record")?, col("kind")?, col("exported_at")?);
            for (n, row) in reader.records().enumerate() {
                let row = row.map_err(|source| InputError::Row {
                    path: path.clone(),
                    row: n + 2,
                    source,
                })?;
                let field = |i: usize| row.get(i).unwrap_or("");
                if field(kind) != "marketing" || field(sent).is_empty() {
                    continue;
                }
                let Some(day) = day_number(field(at)) else {
                    return Err(InputError::Date {
                        path: path.clone(),
                        row: n + 2,
                        value: field(at).to_owned(),
                    });
                };
                let age = today - day;
                if (0..i64::from(window_days)).contains(&age) {
                    *counts.entry(field(id).to_owned()).or_insert(0) += 1;
                }
            }
        }
        Ok(Counts(counts))
    }
}

/// Days since 1970-01-01 of `YYYY-MM-DD…` (the rest, a time, is ignored).
pub fn day_number(s: &str) -> Option<i64> {
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: i64 = s.get(5..7)?.parse().ok()?;
    let d: i64 = s.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from civil (proleptic Gregorian), with March as the first month of the year.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Today, in days since 1970-01-01 (UTC).
pub fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as i64
}
