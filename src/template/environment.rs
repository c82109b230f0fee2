//! The minijinja environment every project's templates are compiled in: bounded work,
//! escaping by the kind of field (Markdown, table cells), missing values noted, and Prism's
//! filters in the project's language.

use super::{
    CELL_SEP, CELLS_SUFFIX, FUEL, MARKDOWN_SUFFIX, RECURSION_LIMIT, ROW_SEP, SAW_UNDEFINED,
};
use super::{filters, markdown};
use crate::model::Project;
use minijinja::value::Kwargs;
use minijinja::{AutoEscape, Environment, ErrorKind, State, UndefinedBehavior, Value};
use std::sync::Arc;

/// The environment for `project`'s templates in the language `tag`.
pub(super) fn environment(project: &Project, tag: &str) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_fuel(Some(FUEL));
    // Debug info clones the template source into every error: too slow for batch export.
    env.set_debug(false);
    env.set_recursion_limit(RECURSION_LIMIT);
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(MARKDOWN_SUFFIX) {
            AutoEscape::Custom("markdown".into())
        } else if name.ends_with(CELLS_SUFFIX) {
            AutoEscape::Custom("cells".into())
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(format_value);
    let formats = Arc::new(filters::Formats::new(tag, &project.meta.language));
    let f = formats.clone();
    env.add_filter("date", move |state: &State, v: &Value| {
        f.date_filter(state, v)
    });
    let f = formats.clone();
    env.add_filter(
        "money",
        move |state: &State, v: &Value, c: Option<&Value>| f.money_filter(state, v, c),
    );
    // minijinja's own `float` and `int` turn a missing value into 0, which would print
    // "0,00 €" or choose the "nothing to pay" branch for a record without its amount.
    env.add_filter(
        "float",
        |state: &State, v: &Value, default: Option<Value>, kwargs: Kwargs| {
            no_silent_zero("float", v, &default, &kwargs)?;
            minijinja::filters::float(state, v, default, kwargs)
        },
    );
    env.add_filter(
        "int",
        |state: &State, v: &Value, default: Option<Value>, base: Option<u32>, kwargs: Kwargs| {
            no_silent_zero("int", v, &default, &kwargs)?;
            minijinja::filters::int(state, v, default, base, kwargs)
        },
    );
    let rules = Arc::new(super::plural::Plurals::new(tag));
    env.add_filter("plural", move |v: &Value, kwargs: Kwargs| {
        rules.choose(v, &kwargs)
    });
    let f = formats.clone();
    env.add_filter("country", move |v: &Value| f.country(v));
    let home = project.routing.home_country.clone();
    env.add_function(
        "postal",
        move |street: &Value,
              postal_code: &Value,
              city: &Value,
              country: Option<&Value>,
              region: Option<&Value>| {
            postal_function(
                &formats,
                &home,
                [street, postal_code, city],
                country,
                region,
            )
        },
    );
    env
}

/// A missing value (undefined or none) given to `float` or `int` without a default is an
/// error, not a zero.
fn no_silent_zero(
    filter: &str,
    value: &Value,
    default: &Option<Value>,
    kwargs: &Kwargs,
) -> Result<(), minijinja::Error> {
    let missing = value.is_undefined() || value.is_none();
    if missing && default.is_none() && !kwargs.has("default") {
        return Err(minijinja::Error::new(
            ErrorKind::UndefinedError,
            format!(
                "`{filter}` got no value; if it may be missing, say what to use: `| {filter}(default=0)`"
            ),
        ));
    }
    Ok(())
}

/// `postal(street, postal_code, city, country[, region])`: the address's lines from the
/// street on, as the destination country writes them (see [`super::postal`]), one per line.
/// A missing street, postcode or city is a missing value, as if printed.
fn postal_function(
    formats: &filters::Formats,
    home: &str,
    [street, postal_code, city]: [&Value; 3],
    country: Option<&Value>,
    region: Option<&Value>,
) -> String {
    let text = |v: Option<&Value>| match v {
        Some(v) if !(v.is_undefined() || v.is_none()) => v.to_string(),
        _ => String::new(),
    };
    if [street, postal_code, city]
        .iter()
        .any(|v| v.is_undefined() || v.is_none())
    {
        SAW_UNDEFINED.with(|s| s.set(true));
    }
    let country = text(country);
    let name = formats.country(&Value::from(country.as_str())).to_string();
    super::postal::lines(
        &text(Some(street)),
        &text(Some(postal_code)),
        &text(Some(city)),
        &text(region),
        &country,
        home,
        &name,
    )
    .join("\n")
}

/// A control character that has no place in a message: any but the line break and the tab.
fn is_stray_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// The formatter: Markdown fields get customer values escaped, table cells lose separators,
/// control characters other than line breaks and tabs are dropped, and undefined values are
/// noted.
fn format_value(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    if value.is_undefined() || value.is_none() {
        SAW_UNDEFINED.with(|s| s.set(true));
        return Ok(());
    }
    // No customer value puts a NUL, a carriage return, a terminal escape sequence or a C1
    // control into a message: they mean nothing to a reader and harm whatever displays them.
    let cleaned;
    let value = match value.as_str() {
        Some(text) if text.chars().any(is_stray_control) => {
            let kept: String = text.chars().filter(|c| !is_stray_control(*c)).collect();
            cleaned = match value.is_safe() {
                true => Value::from_safe_string(kept),
                false => Value::from(kept),
            };
            &cleaned
        }
        _ => value,
    };
    let write = |out: &mut minijinja::Output, s: &str| {
        out.write_str(s)
            .map_err(|_| minijinja::Error::new(ErrorKind::WriteFailure, "write failed"))
    };
    match state.auto_escape() {
        AutoEscape::Custom(n) if n == "markdown" && !value.is_safe() => {
            let mut escaped = String::new();
            match value.as_str() {
                Some(s) => markdown::escape_markdown(s, &mut escaped),
                None => markdown::escape_markdown(&value.to_string(), &mut escaped),
            }
            write(out, &escaped)
        }
        AutoEscape::Custom(n) if n == "cells" => {
            let text = value.to_string();
            if text.contains([CELL_SEP, ROW_SEP]) {
                write(out, &text.replace([CELL_SEP, ROW_SEP], " "))
            } else {
                write(out, &text)
            }
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}
