//! Reading the record for routing: an expression of the policy is either a plain dotted
//! path (`consent.email`), read straight from the record's JSON, or anything else, rendered
//! as a small minijinja template. Paths are what nearly every policy uses, and reading them
//! directly is what lets `prism route` decide hundreds of thousands of records a second.

use crate::model::Record;
use minijinja::{Environment, UndefinedBehavior};
use serde_json::Value;

/// Fuel for one routing expression: enough for any reasonable condition, never a hang.
const FUEL: u64 = 10_000;

#[derive(Debug, Clone)]
pub enum Expr {
    /// Nothing to read: always empty and false.
    Empty,
    /// `true` or `false`.
    Const(bool),
    Path(Vec<String>),
    /// `not PATH`.
    Not(Vec<String>),
    /// `PATH or PATH or …`: the first true value.
    Either(Vec<Vec<String>>),
    /// A template in the router's environment, by name.
    Template(String),
    /// Did not compile; reads as empty and false (the error is reported once).
    Broken,
}

/// The router's expressions, compiled once.
pub struct Exprs {
    env: Environment<'static>,
    /// Compile errors: field and message.
    pub errors: Vec<(String, String)>,
}

fn is_path(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        && !matches!(s, "true" | "false" | "none" | "not" | "and" | "or")
}

impl Exprs {
    pub fn new() -> Exprs {
        let mut env = Environment::new();
        env.set_fuel(Some(FUEL));
        env.set_debug(false);
        env.set_undefined_behavior(UndefinedBehavior::Chainable);
        Exprs {
            env,
            errors: Vec::new(),
        }
    }

    fn add(&mut self, name: &str, source: String) -> Expr {
        match self.env.add_template_owned(name.to_owned(), source) {
            Ok(()) => Expr::Template(name.to_owned()),
            Err(e) => {
                self.errors.push((name.to_owned(), e.to_string()));
                Expr::Broken
            }
        }
    }

    /// The forms read without a template: a path, `not PATH`, `PATH or PATH…`, `true`, `false`.
    fn direct(expr: &str) -> Option<Expr> {
        let path = |s: &str| is_path(s).then(|| s.split('.').map(str::to_owned).collect());
        match expr {
            "" => Some(Expr::Empty),
            "true" => Some(Expr::Const(true)),
            "false" => Some(Expr::Const(false)),
            _ => {
                if let Some(p) = path(expr) {
                    return Some(Expr::Path(p));
                }
                if let Some(rest) = expr.strip_prefix("not ") {
                    return path(rest.trim()).map(Expr::Not);
                }
                let parts: Option<Vec<Vec<String>>> =
                    expr.split(" or ").map(|p| path(p.trim())).collect();
                parts.filter(|p| p.len() > 1).map(Expr::Either)
            }
        }
    }

    /// A value expression (`preferred_channel`, `company or last_name`).
    pub fn value(&mut self, name: &str, expr: &str) -> Expr {
        let expr = expr.trim();
        Exprs::direct(expr).unwrap_or_else(|| self.add(name, format!("{{{{ ({expr}) }}}}")))
    }

    /// A condition: true or false for a record.
    pub fn condition(&mut self, name: &str, expr: &str) -> Expr {
        let expr = expr.trim();
        Exprs::direct(expr)
            .unwrap_or_else(|| self.add(name, format!("{{% if ({expr}) %}}1{{% endif %}}")))
    }

    /// A template (`{{ email }}`); one that only prints a path is read as that path.
    pub fn template(&mut self, name: &str, source: &str) -> Expr {
        let s = source.trim();
        if let Some(inner) = s.strip_prefix("{{").and_then(|r| r.strip_suffix("}}"))
            && is_path(inner.trim())
        {
            return Expr::Path(inner.trim().split('.').map(str::to_owned).collect());
        }
        if s.is_empty() {
            return Expr::Empty;
        }
        self.add(name, source.to_owned())
    }

    fn lookup<'r>(path: &[String], record: &'r Record) -> Option<&'r Value> {
        path.iter().try_fold(&record.fields, |v, key| match v {
            Value::Object(m) => m.get(key),
            Value::Array(a) => key.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        })
    }

    fn render(&self, name: &str, record: &Record) -> String {
        self.env
            .get_template(name)
            .and_then(|t| t.render(&record.value))
            .unwrap_or_default()
    }

    fn path_text(p: &[String], record: &Record) -> String {
        match Exprs::lookup(p, record) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.trim().to_owned(),
            Some(Value::Bool(b)) => b.to_string(),
            Some(Value::Number(n)) => n.to_string(),
            Some(other) => other.to_string(),
        }
    }

    /// Jinja's truthiness: false, 0, "", empty lists and missing values are false.
    fn path_holds(p: &[String], record: &Record) -> bool {
        match Exprs::lookup(p, record) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => !s.is_empty(),
            Some(Value::Number(n)) => n.as_f64().is_some_and(|x| x != 0.0),
            Some(Value::Array(a)) => !a.is_empty(),
            Some(Value::Object(o)) => !o.is_empty(),
        }
    }

    /// The expression's value as text (trimmed).
    pub fn text(&self, e: &Expr, record: &Record) -> String {
        match e {
            Expr::Empty | Expr::Broken => String::new(),
            Expr::Const(b) => b.to_string(),
            Expr::Path(p) => Exprs::path_text(p, record),
            Expr::Not(p) => (!Exprs::path_holds(p, record)).to_string(),
            Expr::Either(ps) => ps
                .iter()
                .find(|p| Exprs::path_holds(p, record))
                .map(|p| Exprs::path_text(p, record))
                .unwrap_or_default(),
            Expr::Template(name) => self.render(name, record).trim().to_owned(),
        }
    }

    /// Whether the condition holds (Jinja's truthiness).
    pub fn holds(&self, e: &Expr, record: &Record) -> bool {
        match e {
            Expr::Empty | Expr::Broken => false,
            Expr::Const(b) => *b,
            Expr::Path(p) => Exprs::path_holds(p, record),
            Expr::Not(p) => !Exprs::path_holds(p, record),
            Expr::Either(ps) => ps.iter().any(|p| Exprs::path_holds(p, record)),
            Expr::Template(name) => self.render(name, record) == "1",
        }
    }
}

impl Default for Exprs {
    fn default() -> Self {
        Exprs::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(v: serde_json::Value) -> Record {
        Record::new("r".into(), "test".into(), v)
    }

    /// The forms read directly agree with minijinja rendering the same expressions.
    #[test]
    fn direct_forms_agree_with_minijinja() {
        let records = [
            serde_json::json!({"a": {"b": true}, "c": "", "d": "x", "n": 0}),
            serde_json::json!({"a": {"b": false}, "c": "y", "d": "", "n": 2}),
            serde_json::json!({}),
        ];
        let exprs = [
            "a.b",
            "not a.b",
            "c or d",
            "c or d or n",
            "true",
            "false",
            "n",
            "not n",
        ];
        for v in records {
            let r = record(v);
            for e in exprs {
                let mut x = Exprs::new();
                let direct = x.condition("direct", e);
                assert!(!matches!(direct, Expr::Template(_)), "{e} is read directly");
                let mut env = Environment::new();
                env.set_undefined_behavior(UndefinedBehavior::Chainable);
                let jinja = env
                    .render_str(&format!("{{% if ({e}) %}}1{{% endif %}}"), &r.value)
                    .unwrap();
                assert_eq!(x.holds(&direct, &r), jinja == "1", "{e} on {:?}", r.fields);
            }
        }
    }
}
