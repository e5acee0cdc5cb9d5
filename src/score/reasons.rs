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
    // An indicator file is untrusted input too: a reason with a runaway
    // loop stops (issue 20) instead of hanging the run.
    env.set_fuel(Some(crate::report::pdf::templates::FUEL));
    env
}

/// Renders a reason template with `values`.
pub fn render(template: &str, values: &BTreeMap<String, String>) -> Result<String, String> {
    environment()
        .render_str(template, Value::from(values))
        .map_err(|e| e.to_string())
}

/// Why a reason template was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// Variables that do not exist, sorted.
    Unknown(Vec<String>),
    /// The template does not parse; minijinja's explanation.
    Syntax(String),
}

/// Checks a template: it must parse and use only known variables.
pub fn check_template(template: &str, indicator_ids: &[String]) -> Result<(), TemplateError> {
    let env = environment();
    let parsed = env
        .template_from_str(template)
        .map_err(|e| TemplateError::Syntax(e.to_string()))?;
    let mut unknown: Vec<String> = parsed
        .undeclared_variables(false)
        .into_iter()
        .filter(|v| !VARIABLES.contains(&v.as_str()) && !indicator_ids.contains(v))
        .collect();
    unknown.sort();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(TemplateError::Unknown(unknown))
    }
}
