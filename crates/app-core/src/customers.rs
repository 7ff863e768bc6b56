//! Lapsed and orphaned customers in the window, and planning their re-engagement; and the
//! opportunities of every lead source, recorded and corrected by hand (referral
//! opportunities follow their request).
//!
//! Planning a re-engagement opens an opportunity from the `existing_customer` lead source
//! ("Re-engage Ann Lee"), owned by the customer's rep (the current rep when theirs is
//! inactive), with the customer as its contact: the leader then sees it beside the other
//! deals, closes it won or lost, and the referral-against-other-sources comparison counts
//! it. A customer with such an opportunity open is shown as planned, and is not planned twice.

use chrono::NaiveDate;
use intrograph_engine::model::{OpportunityId, PersonId};
use intrograph_engine::pipeline::lapsed::DEFAULT_DAYS;
use intrograph_engine::pipeline::opportunity::Close;
use intrograph_engine::pipeline::{Clock, LeadSource, NewOpportunity, Opportunity, Outcome};
use intrograph_engine::store::{opportunities, people, reps, Store};
use intrograph_engine::{Error, Result};

use crate::settings::rep_entries;
use crate::views::customers::{
    CloseForm, LapsedLine, LapsedView, OpportunitiesView, OpportunityForm, OpportunityLine,
};
use crate::Workspace;

/// The words for why a customer is on the list.
fn reasons(c: &intrograph_engine::pipeline::lapsed::LapsedCustomer) -> Vec<String> {
    let mut out = Vec::new();
    if c.lapsed {
        out.push(match c.days_since {
            Some(1) => "no touch for 1 day".to_string(),
            Some(d) => format!("no touch for {d} days"),
            None => "never touched".to_string(),
        });
    }
    if c.orphaned {
        out.push(format!("rep {} is inactive", c.rep_name));
    }
    out
}

/// Open re-engagement opportunities (existing customer, open), by contact.
fn planned(store: &Store) -> Result<Vec<(PersonId, OpportunityId)>> {
    Ok(opportunities::list(store, None, Some(LeadSource::ExistingCustomer))?
        .into_iter()
        .filter(|o| o.outcome == Outcome::Open)
        .filter_map(|o| o.person_id.map(|p| (p, o.id)))
        .collect())
}

/// The team's lapsed (no touch for `days`, default 180) and orphaned (rep inactive)
/// customers, longest silent first, each with its reasons and any re-engagement planned.
pub fn lapsed(workspace: &Workspace, days: Option<u32>) -> Result<LapsedView> {
    let days = days.unwrap_or(DEFAULT_DAYS);
    let today = workspace.today();
    let list = crate::requests::lapsed_customers(workspace, days, None, Some(today))?;
    let planned = planned(&*workspace.store()?)?;
    let customers = list
        .into_iter()
        .map(|customer| LapsedLine {
            reasons: reasons(&customer),
            planned: planned.iter().find(|(p, _)| *p == customer.person_id).map(|(_, o)| *o),
            customer,
        })
        .collect();
    Ok(LapsedView { days, today, customers })
}

/// Plans the re-engagement of a customer: opens an `existing_customer` opportunity
/// "Re-engage <name>" for them, owned by their rep, or by the current rep when theirs is
/// inactive or they have none. Refused when one is already open.
pub fn plan_reengagement(workspace: &Workspace, customer: PersonId) -> Result<Opportunity> {
    let clock = Clock::system();
    let mut store = workspace.store()?;
    let name = people::name(store.conn(), customer)?;
    if let Some((_, id)) = planned(&store)?.into_iter().find(|(p, _)| *p == customer) {
        let title = opportunities::get(&store, id)?.title;
        return Err(Error::Conflict(format!(
            "a re-engagement of {name} is already planned: the open opportunity \"{title}\""
        )));
    }
    let owner = intrograph_engine::store::team::clients(&store)?
        .into_iter()
        .find(|c| c.person_id == customer && c.rep_active)
        .map(|c| c.rep_id);
    let rep = match owner {
        Some(rep) => rep,
        None => reps::current_rep(store.conn())?.id,
    };
    let new = NewOpportunity {
        rep_id: rep,
        person_id: Some(customer),
        title: format!("Re-engage {name}"),
        lead_source: LeadSource::ExistingCustomer,
        value: None,
        opened_on: clock.today(),
        first_meeting_on: None,
    };
    opportunities::add(&mut store, &new, &clock)
}

fn line(store: &Store, opportunity: Opportunity) -> Result<OpportunityLine> {
    let rep_name = reps::get(store.conn(), opportunity.rep_id)
        .and_then(|r| people::name(store.conn(), r.person_id))
        .unwrap_or_default();
    let contact_name = opportunity.person_id.map(|p| people::name(store.conn(), p)).transpose()?;
    Ok(OpportunityLine { opportunity, rep_name, contact_name })
}

/// The Opportunities screen: every opportunity (of one lead source, or all), newest first.
pub fn opportunities_view(workspace: &Workspace, source: Option<LeadSource>) -> Result<OpportunitiesView> {
    let store = workspace.store()?;
    let opportunities = opportunities::list(&store, None, source)?
        .into_iter()
        .map(|o| line(&store, o))
        .collect::<Result<_>>()?;
    Ok(OpportunitiesView {
        opportunities,
        reps: rep_entries(&store)?,
        sources: LeadSource::ALL.into_iter().filter(|s| *s != LeadSource::Referral).collect(),
    })
}

fn new_of(store: &Store, form: OpportunityForm, today: NaiveDate) -> Result<NewOpportunity> {
    let rep_id = match form.rep_id {
        Some(r) => reps::get(store.conn(), r)?.id,
        None => reps::current_rep(store.conn())?.id,
    };
    Ok(NewOpportunity {
        rep_id,
        person_id: form.contact,
        title: form.title,
        lead_source: form.lead_source,
        value: form.value,
        opened_on: form.opened_on.unwrap_or(today),
        first_meeting_on: form.first_meeting_on,
    })
}

/// Adds an opportunity from another lead source (`id` none), or corrects one; checked as
/// the command line checks it (a title, no referral by hand, an amount that is a
/// positive number, a first meeting not before the opening).
pub fn save_opportunity(
    workspace: &Workspace,
    id: Option<OpportunityId>,
    form: OpportunityForm,
) -> Result<OpportunityLine> {
    let clock = Clock::system();
    let mut store = workspace.store()?;
    let new = new_of(&store, form, clock.today())?;
    let saved = match id {
        None => opportunities::add(&mut store, &new, &clock)?,
        Some(id) => opportunities::update(&mut store, id, &new, &clock)?,
    };
    line(&store, saved)
}

/// Closes an opportunity as won (with its value) or lost (with the reason).
pub fn close_opportunity(
    workspace: &Workspace,
    id: OpportunityId,
    form: CloseForm,
) -> Result<OpportunityLine> {
    let clock = Clock::system();
    let mut store = workspace.store()?;
    let close = Close {
        outcome: form.outcome,
        on: form.on.unwrap_or_else(|| clock.today()),
        value: form.value,
        reason: form.reason,
    };
    let closed = opportunities::close(&mut store, id, &close, &clock)?;
    line(&store, closed)
}

/// Removes an opportunity recorded by mistake (never a referral one).
pub fn remove_opportunity(workspace: &Workspace, id: OpportunityId) -> Result<Opportunity> {
    opportunities::remove(&mut *workspace.store()?, id)
}

/// [`save_opportunity`] from the command line: the opportunity by id or prefix, the
/// fields given replacing the stored ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OpportunityEdit {
    pub title: Option<String>,
    pub lead_source: Option<LeadSource>,
    pub contact: Option<PersonId>,
    pub value: Option<f64>,
    pub opened_on: Option<NaiveDate>,
    pub first_meeting_on: Option<NaiveDate>,
    pub rep: Option<String>,
}

/// Corrects the opportunity `id` (or a unique prefix): only the fields given change.
pub fn edit_opportunity(workspace: &Workspace, id: &str, edit: OpportunityEdit) -> Result<Opportunity> {
    let clock = Clock::system();
    let mut store = workspace.store()?;
    let id = opportunities::resolve(&store, id)?;
    let old = opportunities::get(&store, id)?;
    let rep_id = match edit.rep.as_deref() {
        Some(q) => reps::resolve_rep(store.conn(), q)?.id,
        None => old.rep_id,
    };
    let new = NewOpportunity {
        rep_id,
        person_id: edit.contact.or(old.person_id),
        title: edit.title.unwrap_or(old.title),
        lead_source: edit.lead_source.unwrap_or(old.lead_source),
        value: edit.value.or(old.value),
        opened_on: edit.opened_on.unwrap_or(old.opened_on),
        first_meeting_on: edit.first_meeting_on.or(old.first_meeting_on),
    };
    opportunities::update(&mut store, id, &new, &clock)
}

/// Removes the opportunity `id` (or a unique prefix).
pub fn remove_opportunity_named(workspace: &Workspace, id: &str) -> Result<Opportunity> {
    let mut store = workspace.store()?;
    let id = opportunities::resolve(&store, id)?;
    opportunities::remove(&mut store, id)
}
