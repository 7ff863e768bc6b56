//! The ask: a personal message from the rep to the referral source.
//!
//! A real introduction starts with a personal request to someone who knows the target:
//! check that they really know each other, say why you want to meet, say what you bring,
//! and ask them to make the introduction themselves. The template is configurable (settings
//! key [`SETTING`]) and uses these placeholders:
//!
//! `{source_first_name}`, `{target}`, `{target_first_name}`, `{reason}`, `{offer}`,
//! `{rep}`, `{rep_first_name}`.

use crate::error::{Error, Result};

pub const SETTING: &str = "pipeline.ask_template";

pub const PLACEHOLDERS: [&str; 7] =
    ["source_first_name", "target", "target_first_name", "reason", "offer", "rep", "rep_first_name"];

pub const DEFAULT_TEMPLATE: &str = "Hi {source_first_name},

I hope you are well. I noticed you know {target} - do you know {target_first_name} well enough to make an introduction?

I would like to meet {target_first_name} because {reason}. {offer}

If you are comfortable with it, would you introduce us personally, by email or a short call? I would rather {target_first_name} hear about me from you than from a cold message. And if you two are not actually close, just tell me - no problem at all.

Thank you, and I will let you know how it goes.

{rep_first_name}";

/// What the template is filled with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AskContext<'a> {
    pub source_name: &'a str,
    pub target_name: &'a str,
    pub reason: &'a str,
    pub offer: &'a str,
    pub rep_name: &'a str,
}

/// A person's first name: the first word of the full name.
pub fn first_name(full_name: &str) -> &str {
    full_name.split_whitespace().next().unwrap_or(full_name)
}

/// Checks a template names only known placeholders and has balanced braces.
pub fn check_template(template: &str) -> Result<()> {
    render(template, &AskContext::default()).map(|_| ())
}

/// The reason follows "because": a leading common word written as a sentence start ("They are
/// ...") is lowercased; anything else (a company, a name, "I") is left as typed.
fn mid_sentence(reason: &str) -> String {
    const STARTERS: &[&str] = &[
        "They", "Their", "The", "These", "This", "Those", "We", "Our", "It", "Its", "You", "Your", "She",
        "He", "Her", "His", "Both", "Every", "A", "An",
    ];
    let first = reason.split_whitespace().next().unwrap_or_default();
    if STARTERS.contains(&first) {
        let mut out = first.to_lowercase();
        out.push_str(&reason[first.len()..]);
        out
    } else {
        reason.to_string()
    }
}

/// Fills `template`. An unknown placeholder or an unclosed brace is an error naming it.
pub fn render(template: &str, ctx: &AskContext<'_>) -> Result<String> {
    let reason = mid_sentence(ctx.reason.trim().trim_end_matches('.'));
    let offer = ctx.offer.trim();
    let mut out = String::with_capacity(template.len() + 128);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or_else(|| {
            Error::invalid(
                "ask template",
                format!("unclosed '{{' at {:?}", &rest[open..rest.len().min(open + 24)]),
            )
        })?;
        let name = &after[..close];
        let value = match name {
            "source_first_name" => first_name(ctx.source_name),
            "target" => ctx.target_name,
            "target_first_name" => first_name(ctx.target_name),
            "reason" => reason.as_str(),
            "offer" => offer,
            "rep" => ctx.rep_name,
            "rep_first_name" => first_name(ctx.rep_name),
            other => {
                return Err(Error::invalid(
                    "ask template",
                    format!("unknown placeholder {{{other}}}; use one of: {}", PLACEHOLDERS.join(", ")),
                ))
            }
        };
        out.push_str(value);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    // An empty offer leaves a dangling space before the line break.
    Ok(out.lines().map(str::trim_end).collect::<Vec<_>>().join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_template_is_personal() {
        let ctx = AskContext {
            source_name: "Dana Whitfield",
            target_name: "Omar Haddad",
            reason: "Northwind is consolidating its data warehouses.",
            offer: "We helped Contoso cut their reporting costs by a third.",
            rep_name: "Sam Rivera",
        };
        let text = render(DEFAULT_TEMPLATE, &ctx).unwrap();
        assert!(text.starts_with("Hi Dana,"), "{text}");
        assert!(text.contains("you know Omar Haddad"));
        assert!(text.contains("because Northwind is consolidating its data warehouses. We helped Contoso"));
        let they = AskContext { reason: "They are moving to a new CRM.", ..ctx.clone() };
        assert!(render(DEFAULT_TEMPLATE, &they).unwrap().contains("because they are moving to a new CRM. "));
        let i = AskContext { reason: "I think we can halve their onboarding", ..ctx.clone() };
        assert!(render(DEFAULT_TEMPLATE, &i)
            .unwrap()
            .contains("because I think we can halve their onboarding. "));
        assert!(text.ends_with("\nSam"));
        assert!(!text.contains('{'));
    }

    #[test]
    fn bad_templates_are_refused_with_the_placeholder() {
        let err = check_template("Hi {firstname}").unwrap_err().to_string();
        assert!(err.contains("{firstname}") && err.contains("source_first_name"), "{err}");
        assert!(check_template("Hi {target").unwrap_err().to_string().contains("unclosed"));
        check_template(DEFAULT_TEMPLATE).unwrap();
    }
}
