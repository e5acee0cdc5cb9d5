//! The wording of decision reasons: minijinja templates from the indicator
//! file, filled with values already computed. Data goes in as values, never
//! as template text, so a partner's name cannot change a template.

use std::collections::BTreeMap;

use minijinja::{Environment, UndefinedBehavior, Value};

/// Template variables every reason may use, besides each indicator id.
pub const VARIABLES: &[&str] = &[
    "total",
    "grade",
    "stars",
    "vetoes_text",
    "fl1_text",
    "weak_text",
    "flags_text",
    "survey_valid",
    "partner_name",
];

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env
}

/// Renders a reason template with `values`.
pub fn render(template: &str, values: &BTreeMap<String, String>) -> Result<String, String> {
    environment()
        .render_str(template, Value::from(values))
        .map_err(|e| e.to_string())
}

/// Checks a template: it must parse and use only known variables.
pub fn check_template(template: &str, indicator_ids: &[String]) -> Result<(), String> {
    let values: BTreeMap<String, String> = VARIABLES
        .iter()
        .map(|v| v.to_string())
        .chain(indicator_ids.iter().cloned())
        .map(|k| (k, String::new()))
        .collect();
    render(template, &values).map(|_| ())
}
