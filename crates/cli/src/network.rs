//! `intrograph` commands for the network: people, organisations, relationships,
//! touches, reps and the status line (imports live in `interchange`).

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::json;

use intrograph_engine::model::{
    Organisation, Person, PersonId, Relationship, RelationshipKind, Rep, Strength, Touch, TouchKind,
};
use intrograph_engine::store::organisations::{self, EmploymentInput, OrganisationInput, OrganisationPatch};
use intrograph_engine::store::people::{self, PersonInput, PersonPatch};
use intrograph_engine::store::relationships::{self, RelationshipInput, RelationshipPatch};
use intrograph_engine::store::touches::{self, TouchInput};
use intrograph_engine::store::{network, reps, Page, Store};
use intrograph_engine::{Error, Result};

use crate::output::{self, Format, Table};
use crate::Ctx;

#[derive(Subcommand)]
pub enum Command {
    /// Add, list, show, edit, remove and search people.
    #[command(subcommand)]
    Person(PersonCmd),
    /// Add, list, show, edit, remove and search organisations.
    #[command(subcommand, name = "org")]
    Org(OrgCmd),
    /// Relationships between two people: add, edit, verify, remove, list.
    #[command(subcommand, name = "rel")]
    Rel(RelCmd),
    /// Log and list touches (calls, emails, meetings, ...).
    #[command(subcommand)]
    Touch(TouchCmd),
    /// The reps of the workspace, and which one you are.
    #[command(subcommand)]
    Rep(RepCmd),
    /// Counts of people, organisations and relationships, and the current rep.
    Status,
}

// ---------------------------------------------------------------- people

#[derive(Subcommand)]
pub enum PersonCmd {
    /// Add a person.
    #[command(
        after_long_help = "Examples:\n  intrograph person add \"Ann Lee\" --email ann@acme.com --org \"Acme Corp\" --title \"VP Sales\"\n  intrograph person add \"Bob Stone\" --tag client --tag golf --notes \"met at SaaStr\""
    )]
    Add(Box<PersonAddArgs>),
    /// List people by name.
    List(PageArgs),
    /// Show a person: details, positions, relationships and touches.
    #[command(
        after_long_help = "PERSON is an id, an email, or a name (a unique prefix is enough).\n\nExamples:\n  intrograph person show ann@acme.com\n  intrograph person show \"ann lee\" --json"
    )]
    Show { person: String },
    /// Change a person's details; only the options given change.
    #[command(
        after_long_help = "Examples:\n  intrograph person edit \"Ann Lee\" --title CRO --add-email ann.lee@gmail.com\n  intrograph person edit ann@acme.com --org Globex --title CFO"
    )]
    Edit(Box<PersonEditArgs>),
    /// Remove a person with their relationships and touches (a rep cannot be removed).
    Remove { person: String },
    /// Merge two records of the same person: ABSORB folds into KEEP, keeping every
    /// relationship, touch, employment, tag and request of both.
    #[command(after_long_help = "Example:\n  intrograph person merge ann@acme.com ann.lee@gmail.com")]
    Merge {
        /// The person who stays (id, email or name).
        keep: String,
        /// The duplicate to fold in and remove.
        absorb: String,
    },
    /// Find people whose name, email or organisation contains TEXT.
    #[command(after_long_help = "Example:\n  intrograph person search acme")]
    Search {
        text: String,
        #[command(flatten)]
        page: PageArgs,
    },
}

#[derive(Args)]
pub struct PageArgs {
    /// At most this many rows.
    #[arg(long, default_value_t = 50)]
    limit: u64,
    /// Skip this many rows first.
    #[arg(long, default_value_t = 0)]
    offset: u64,
}

impl PageArgs {
    fn page(&self) -> Page {
        Page { offset: self.offset, limit: self.limit }
    }
}

#[derive(Args)]
pub struct PersonAddArgs {
    /// Full name.
    name: String,
    /// Email address (repeat for several).
    #[arg(long = "email", value_name = "EMAIL")]
    emails: Vec<String>,
    /// Phone number (repeat for several).
    #[arg(long = "phone", value_name = "PHONE")]
    phones: Vec<String>,
    /// Current organisation (created if new).
    #[arg(long, visible_alias = "organisation")]
    org: Option<String>,
    /// Job title.
    #[arg(long, default_value = "")]
    title: String,
    /// LinkedIn profile URL.
    #[arg(long)]
    linkedin: Option<String>,
    /// Tag (repeat for several).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    #[arg(long, default_value = "")]
    notes: String,
    /// Where the contact came from.
    #[arg(long, default_value = "manual")]
    source: String,
}

impl PersonAddArgs {
    fn input(&self) -> PersonInput {
        PersonInput {
            id: None,
            full_name: self.name.clone(),
            title: self.title.clone(),
            emails: self.emails.clone(),
            phones: self.phones.clone(),
            linkedin_url: self.linkedin.clone(),
            tags: self.tags.clone(),
            notes: self.notes.clone(),
            source: self.source.clone(),
            organisation: self.org.clone(),
        }
    }
}

#[derive(Args)]
pub struct PersonEditArgs {
    /// The person: an id, an email or a name.
    person: String,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    title: Option<String>,
    /// Replace the emails with these (repeat for several).
    #[arg(long = "email", value_name = "EMAIL")]
    emails: Vec<String>,
    /// Add an email to the existing ones.
    #[arg(long = "add-email", value_name = "EMAIL")]
    add_emails: Vec<String>,
    /// Replace the phones with these.
    #[arg(long = "phone", value_name = "PHONE")]
    phones: Vec<String>,
    /// LinkedIn profile URL ("" clears it).
    #[arg(long)]
    linkedin: Option<String>,
    /// Replace the tags with these.
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Add a tag to the existing ones.
    #[arg(long = "add-tag", value_name = "TAG")]
    add_tags: Vec<String>,
    #[arg(long)]
    notes: Option<String>,
    /// Record a current position at this organisation (with --title).
    #[arg(long, visible_alias = "organisation")]
    org: Option<String>,
}

// ---------------------------------------------------------------- organisations

#[derive(Subcommand)]
pub enum OrgCmd {
    /// Add an organisation.
    #[command(after_long_help = "Example:\n  intrograph org add \"Acme Corp\" --domain acme.com")]
    Add {
        name: String,
        #[arg(long)]
        domain: Option<String>,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// List organisations by name.
    List(PageArgs),
    /// Show an organisation with its current and past people.
    Show { organisation: String },
    /// Change an organisation's details.
    Edit {
        organisation: String,
        #[arg(long)]
        name: Option<String>,
        /// Web domain ("" clears it).
        #[arg(long)]
        domain: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    /// Remove an organisation and its employment records (the people stay).
    Remove { organisation: String },
    /// Find organisations whose name or domain contains TEXT.
    Search {
        text: String,
        #[command(flatten)]
        page: PageArgs,
    },
}

// ---------------------------------------------------------------- relationships

#[derive(Subcommand)]
pub enum RelCmd {
    /// Add a relationship between two people.
    #[command(
        after_long_help = "Kinds: colleague, former_colleague, client, partner, friend, family, investor,\nboard, classmate, linkedin_connection, other. Strength: 1 (barely) to 5 (very well).\n\nExamples:\n  intrograph rel add \"Ann Lee\" bob@initech.com --kind former_colleague --strength 4 --verified\n  intrograph rel add me \"Carla Diaz\" --kind client --strength 3 --last-contact 2024-05-01"
    )]
    Add(Box<RelAddArgs>),
    /// Change a relationship; only the options given change.
    #[command(
        after_long_help = "Example:\n  intrograph rel edit \"Ann Lee\" \"Bob Stone\" --strength 5 --last-contact 2024-06-01"
    )]
    Edit(Box<RelEditArgs>),
    /// Record that you confirmed these two people really know each other.
    Verify { a: String, b: String },
    /// Mark a relationship as not confirmed.
    Unverify { a: String, b: String },
    /// Remove a relationship.
    Remove { a: String, b: String },
    /// List the relationships of a person, or all of them.
    List {
        /// Only this person's relationships.
        person: Option<String>,
    },
}

#[derive(Args)]
pub struct RelAddArgs {
    a: String,
    b: String,
    #[arg(long, default_value = "other")]
    kind: RelationshipKind,
    /// 1 (distant), 2 (casual), 3 (good), 4 (strong) to 5 (very strong).
    #[arg(long, default_value = "2")]
    strength: Strength,
    /// You confirmed they know each other.
    #[arg(long)]
    verified: bool,
    /// Date of their last contact (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    last_contact: Option<NaiveDate>,
    /// Date the relationship began (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<NaiveDate>,
    #[arg(long, default_value = "")]
    notes: String,
}

#[derive(Args)]
pub struct RelEditArgs {
    a: String,
    b: String,
    #[arg(long)]
    kind: Option<RelationshipKind>,
    #[arg(long)]
    strength: Option<Strength>,
    #[arg(long, value_name = "DATE")]
    last_contact: Option<NaiveDate>,
    #[arg(long, value_name = "DATE")]
    since: Option<NaiveDate>,
    #[arg(long)]
    notes: Option<String>,
}

// ---------------------------------------------------------------- touches, reps, import

#[derive(Subcommand)]
pub enum TouchCmd {
    /// Log an interaction with a person (by the current rep, if there is one).
    #[command(
        after_long_help = "Example:\n  intrograph touch log \"Ann Lee\" --kind meeting --date 2024-06-01 --notes \"coffee\""
    )]
    Log {
        person: String,
        /// call, email, meeting, event or message.
        #[arg(long)]
        kind: TouchKind,
        /// Default: today.
        #[arg(long, value_name = "DATE")]
        date: Option<NaiveDate>,
        #[arg(long, default_value = "")]
        notes: String,
        /// The rep who made the touch (default: the current rep).
        #[arg(long)]
        rep: Option<String>,
    },
    /// List a person's touches, newest first.
    List { person: String },
}

#[derive(Subcommand)]
pub enum RepCmd {
    /// Make a person a rep, creating the person if nobody has that name or email.
    #[command(
        after_long_help = "The first rep becomes the current rep.\n\nExample:\n  intrograph rep add \"Rita Rep\" --email rita@us.example --org \"Us Inc\""
    )]
    Add {
        person: String,
        /// Email for a new person.
        #[arg(long = "email", value_name = "EMAIL")]
        emails: Vec<String>,
        /// Organisation for a new person.
        #[arg(long)]
        org: Option<String>,
        #[arg(long, default_value = "")]
        title: String,
    },
    /// List the reps.
    List,
    /// Work as this rep from now on.
    Use { rep: String },
    /// Make a rep inactive (their history stays).
    Deactivate { rep: String },
    /// Make an inactive rep active again.
    Activate { rep: String },
}

// ---------------------------------------------------------------- running

pub fn run(cmd: Command, ctx: &mut Ctx) -> Result<()> {
    match cmd {
        Command::Person(c) => person(c, ctx),
        Command::Org(c) => org(c, ctx),
        Command::Rel(c) => rel(c, ctx),
        Command::Touch(c) => touch(c, ctx),
        Command::Rep(c) => rep(c, ctx),
        Command::Status => status(ctx),
    }
}

fn text(ctx: &Ctx) -> bool {
    ctx.format != Format::Json
}

fn current_org(store: &Store, id: PersonId) -> Result<String> {
    Ok(organisations::positions(store.conn(), id)?
        .into_iter()
        .find(|p| p.employment.current)
        .map(|p| p.organisation_name)
        .unwrap_or_default())
}

fn people_table(ctx: &Ctx, list: &[Person]) -> Result<()> {
    if !text(ctx) {
        output::json(list);
        return Ok(());
    }
    let mut t = Table::new(vec!["NAME", "TITLE", "ORGANISATION", "EMAIL", "ID"]);
    for p in list {
        t.row(vec![
            p.full_name.clone(),
            p.title.clone(),
            current_org(&*ctx.store()?, p.id)?,
            p.emails.first().cloned().unwrap_or_default(),
            p.id.to_string(),
        ]);
    }
    t.print(ctx.format);
    Ok(())
}

fn person(cmd: PersonCmd, ctx: &mut Ctx) -> Result<()> {
    match cmd {
        PersonCmd::Add(args) => {
            let p = ctx.store()?.write(|tx| people::add(tx, &args.input()))?;
            done(ctx, &p, &format!("added {} (id {})", p.full_name, p.id));
        }
        PersonCmd::List(page) => {
            let list = people::list(ctx.store()?.conn(), page.page())?;
            people_table(ctx, &list)?;
        }
        PersonCmd::Search { text, page } => {
            let list = people::search(ctx.store()?.conn(), &text, page.page())?;
            people_table(ctx, &list)?;
        }
        PersonCmd::Show { person } => {
            let p = people::resolve_person(ctx.store()?.conn(), &person)?;
            show_person(ctx, &p)?;
        }
        PersonCmd::Edit(args) => {
            let p = people::resolve_person(ctx.store()?.conn(), &args.person)?;
            let mut patch = PersonPatch {
                full_name: args.name.clone(),
                title: args.title.clone(),
                notes: args.notes.clone(),
                linkedin_url: args.linkedin.clone().map(|u| Some(u).filter(|u| !u.trim().is_empty())),
                ..PersonPatch::default()
            };
            if !args.emails.is_empty() || !args.add_emails.is_empty() {
                let base = if args.emails.is_empty() { p.emails.clone() } else { args.emails.clone() };
                patch.emails = Some(base.into_iter().chain(args.add_emails.iter().cloned()).collect());
            }
            if !args.phones.is_empty() {
                patch.phones = Some(args.phones.clone());
            }
            if !args.tags.is_empty() || !args.add_tags.is_empty() {
                let base = if args.tags.is_empty() { p.tags.clone() } else { args.tags.clone() };
                patch.tags = Some(base.into_iter().chain(args.add_tags.iter().cloned()).collect());
            }
            if patch.is_empty() && args.org.is_none() {
                return Err(Error::invalid(
                    "edit",
                    "nothing to change; give at least one option (see --help)",
                ));
            }
            let edited = ctx.store()?.write(|tx| {
                let edited = people::edit(tx, p.id, &patch)?;
                if let Some(org_name) = &args.org {
                    let org = organisations::find_or_add(tx, org_name)?;
                    let positions = organisations::positions(tx, p.id)?;
                    match positions
                        .iter()
                        .find(|x| x.employment.current && x.employment.organisation_id == org.id)
                    {
                        Some(pos) => {
                            if let Some(t) = &args.title {
                                organisations::set_employment_title(tx, pos.employment.id, t)?;
                            }
                        }
                        None => {
                            organisations::add_employment(
                                tx,
                                &EmploymentInput {
                                    person_id: p.id,
                                    organisation_id: org.id,
                                    title: args.title.clone().unwrap_or_else(|| edited.title.clone()),
                                    start: None,
                                    end: None,
                                    current: true,
                                },
                            )?;
                        }
                    }
                }
                Ok(edited)
            })?;
            done(ctx, &edited, &format!("updated {}", edited.full_name));
        }
        PersonCmd::Remove { person } => {
            let p = people::resolve_person(ctx.store()?.conn(), &person)?;
            let removed = ctx.store()?.write(|tx| people::remove(tx, p.id))?;
            done(
                ctx,
                &removed,
                &format!("removed {} and their relationships and touches", removed.full_name),
            );
        }
        PersonCmd::Merge { keep, absorb } => crate::interchange::merge_people(ctx, &keep, &absorb)?,
    }
    Ok(())
}

/// Prints `value` as JSON, or `message` as text.
fn done<T: Serialize + ?Sized>(ctx: &Ctx, value: &T, message: &str) {
    if text(ctx) {
        println!("{message}");
    } else {
        output::json(value);
    }
}

#[derive(Serialize)]
struct RelationshipView {
    #[serde(flatten)]
    relationship: Relationship,
    a_name: String,
    b_name: String,
}

fn rel_view(store: &Store, r: Relationship) -> Result<RelationshipView> {
    Ok(RelationshipView {
        a_name: people::get(store.conn(), r.a)?.full_name,
        b_name: people::get(store.conn(), r.b)?.full_name,
        relationship: r,
    })
}

fn describe_rel(r: &Relationship) -> String {
    let mut parts =
        vec![r.kind.label().to_string(), format!("strength {} ({})", r.strength.get(), r.strength.label())];
    parts.push(match r.verified_at {
        Some(t) => format!("verified {}", t.date_naive()),
        None => "not verified".to_string(),
    });
    if let Some(d) = r.last_contact {
        parts.push(format!("last contact {d}"));
    }
    if let Some(d) = r.since {
        parts.push(format!("since {d}"));
    }
    if !r.notes.is_empty() {
        parts.push(r.notes.clone());
    }
    parts.join(", ")
}

fn show_person(ctx: &Ctx, p: &Person) -> Result<()> {
    let store = ctx.store()?;
    let conn = store.conn();
    let positions = organisations::positions(conn, p.id)?;
    let rels = relationships::list_for_person(conn, p.id)?
        .into_iter()
        .map(|r| rel_view(&store, r))
        .collect::<Result<Vec<_>>>()?;
    let touches = touches::list_for_person(conn, p.id)?;
    let rep = reps::for_person(conn, p.id)?;
    if !text(ctx) {
        output::json(&json!({
            "person": p,
            "positions": positions,
            "relationships": rels,
            "touches": touches,
            "rep": rep,
        }));
        return Ok(());
    }
    println!("{}{}", p.full_name, if rep.is_some() { "  [rep]" } else { "" });
    println!("  id:        {}", p.id);
    let field = |label: &str, value: &str| {
        if !value.is_empty() {
            println!("  {label:<10} {value}");
        }
    };
    field("title:", &p.title);
    field("emails:", &p.emails.join(", "));
    field("phones:", &p.phones.join(", "));
    field("linkedin:", p.linkedin_url.as_deref().unwrap_or(""));
    field("tags:", &p.tags.join(", "));
    field("source:", &p.source);
    field("notes:", &p.notes);
    if !positions.is_empty() {
        println!("Positions:");
        for pos in &positions {
            let e = &pos.employment;
            let title = if e.title.is_empty() { String::new() } else { format!("{} at ", e.title) };
            let when = match (e.current, e.start, e.end) {
                (true, Some(s), _) => format!("current, since {s}"),
                (true, None, _) => "current".to_string(),
                (false, s, end) => format!(
                    "past{}{}",
                    s.map(|s| format!(", from {s}")).unwrap_or_default(),
                    end.map(|e| format!(" until {e}")).unwrap_or_default()
                ),
            };
            println!("  {title}{} ({when})", pos.organisation_name);
        }
    }
    if !rels.is_empty() {
        println!("Relationships:");
        for r in &rels {
            let other = if r.relationship.a == p.id { &r.b_name } else { &r.a_name };
            println!("  {other}: {}", describe_rel(&r.relationship));
        }
    }
    if !touches.is_empty() {
        println!("Touches:");
        for t in &touches {
            println!(
                "  {} {}{}",
                t.date,
                t.kind,
                if t.notes.is_empty() { String::new() } else { format!(": {}", t.notes) }
            );
        }
    }
    Ok(())
}

fn org(cmd: OrgCmd, ctx: &mut Ctx) -> Result<()> {
    let orgs_table = |ctx: &Ctx, list: &[Organisation]| {
        if !text(ctx) {
            output::json(list);
            return;
        }
        let mut t = Table::new(vec!["NAME", "DOMAIN", "ID"]);
        for o in list {
            t.row(vec![o.name.clone(), o.domain.clone().unwrap_or_default(), o.id.to_string()]);
        }
        t.print(ctx.format);
    };
    match cmd {
        OrgCmd::Add { name, domain, notes } => {
            let o = ctx
                .store()?
                .write(|tx| organisations::add(tx, &OrganisationInput { name, domain, notes }))?;
            done(ctx, &o, &format!("added {} (id {})", o.name, o.id));
        }
        OrgCmd::List(page) => orgs_table(ctx, &organisations::list(ctx.store()?.conn(), page.page())?),
        OrgCmd::Search { text, page } => {
            orgs_table(ctx, &organisations::search(ctx.store()?.conn(), &text, page.page())?)
        }
        OrgCmd::Show { organisation } => {
            let store = ctx.store()?;
            let conn = store.conn();
            let o = organisations::resolve_organisation(conn, &organisation)?;
            let current = organisations::employees(conn, o.id, true)?;
            let past = organisations::employees(conn, o.id, false)?;
            if !text(ctx) {
                output::json(&json!({ "organisation": o, "current": current, "past": past }));
                return Ok(());
            }
            println!("{}", o.name);
            println!("  id:      {}", o.id);
            if let Some(d) = &o.domain {
                println!("  domain:  {d}");
            }
            if !o.notes.is_empty() {
                println!("  notes:   {}", o.notes);
            }
            for (label, list) in [("Current people:", &current), ("Past people:", &past)] {
                if !list.is_empty() {
                    println!("{label}");
                    for e in list {
                        let title = &e.employment.title;
                        println!(
                            "  {}{}",
                            e.full_name,
                            if title.is_empty() { String::new() } else { format!(", {title}") }
                        );
                    }
                }
            }
        }
        OrgCmd::Edit { organisation, name, domain, notes } => {
            let o = organisations::resolve_organisation(ctx.store()?.conn(), &organisation)?;
            let patch = OrganisationPatch {
                name,
                domain: domain.map(|d| Some(d).filter(|d| !d.trim().is_empty())),
                notes,
            };
            if patch == OrganisationPatch::default() {
                return Err(Error::invalid(
                    "edit",
                    "nothing to change; give at least one option (see --help)",
                ));
            }
            let o = ctx.store()?.write(|tx| organisations::edit(tx, o.id, &patch))?;
            done(ctx, &o, &format!("updated {}", o.name));
        }
        OrgCmd::Remove { organisation } => {
            let o = organisations::resolve_organisation(ctx.store()?.conn(), &organisation)?;
            let o = ctx.store()?.write(|tx| organisations::remove(tx, o.id))?;
            done(ctx, &o, &format!("removed {}", o.name));
        }
    }
    Ok(())
}

/// Resolves a person, where `me` means the current rep.
fn resolve(store: &Store, query: &str) -> Result<Person> {
    crate::lookup::person(store, query)
}

fn pair(ctx: &Ctx, a: &str, b: &str) -> Result<(Person, Person)> {
    let store = ctx.store()?;
    Ok((resolve(&store, a)?, resolve(&store, b)?))
}

fn rel(cmd: RelCmd, ctx: &mut Ctx) -> Result<()> {
    match cmd {
        RelCmd::Add(args) => {
            let (a, b) = pair(ctx, &args.a, &args.b)?;
            let mut input = RelationshipInput::new(a.id, b.id, args.kind, args.strength);
            input.verified_at = args.verified.then(intrograph_engine::store::now);
            input.last_contact = args.last_contact;
            input.since = args.since;
            input.notes = args.notes.clone();
            input.source = "manual".into();
            let r = ctx.store()?.write(|tx| relationships::add(tx, &input))?;
            let msg = format!("added: {} and {}, {}", a.full_name, b.full_name, describe_rel(&r));
            done(ctx, &rel_view(&*ctx.store()?, r)?, &msg);
        }
        RelCmd::Edit(args) => {
            let (a, b) = pair(ctx, &args.a, &args.b)?;
            let existing = relationships::require_between(ctx.store()?.conn(), a.id, b.id)?;
            let patch = RelationshipPatch {
                kind: args.kind,
                strength: args.strength,
                last_contact: args.last_contact.map(Some),
                since: args.since.map(Some),
                notes: args.notes.clone(),
                verified_at: None,
            };
            if patch.is_empty() {
                return Err(Error::invalid(
                    "edit",
                    "nothing to change; give at least one option (see --help)",
                ));
            }
            let r = ctx.store()?.write(|tx| relationships::edit(tx, existing.id, &patch))?;
            let msg = format!("updated: {} and {}, {}", a.full_name, b.full_name, describe_rel(&r));
            done(ctx, &rel_view(&*ctx.store()?, r)?, &msg);
        }
        RelCmd::Verify { ref a, ref b }
        | RelCmd::Unverify { ref a, ref b }
        | RelCmd::Remove { ref a, ref b } => {
            let verb = match cmd {
                RelCmd::Verify { .. } => "verified",
                RelCmd::Unverify { .. } => "unverified",
                _ => "removed",
            };
            let (pa, pb) = pair(ctx, a, b)?;
            let existing = relationships::require_between(ctx.store()?.conn(), pa.id, pb.id)?;
            let r = ctx.store()?.write(|tx| match verb {
                "verified" => relationships::verify(tx, existing.id),
                "unverified" => relationships::unverify(tx, existing.id),
                _ => relationships::remove(tx, existing.id),
            })?;
            let msg = format!("{verb}: {} and {}", pa.full_name, pb.full_name);
            done(ctx, &rel_view(&*ctx.store()?, r)?, &msg);
        }
        RelCmd::List { person } => {
            let list = match &person {
                Some(q) => {
                    let store = ctx.store()?;
                    relationships::list_for_person(store.conn(), resolve(&store, q)?.id)?
                }
                None => relationships::list_all(ctx.store()?.conn())?,
            };
            let views = list.into_iter().map(|r| rel_view(&*ctx.store()?, r)).collect::<Result<Vec<_>>>()?;
            if !text(ctx) {
                output::json(&views);
                return Ok(());
            }
            let mut t = Table::new(vec!["A", "B", "KIND", "STRENGTH", "VERIFIED", "LAST CONTACT"]);
            for v in &views {
                let r = &v.relationship;
                t.row(vec![
                    v.a_name.clone(),
                    v.b_name.clone(),
                    r.kind.as_str().to_string(),
                    r.strength.get().to_string(),
                    r.verified_at.map(|t| t.date_naive().to_string()).unwrap_or_else(|| "no".into()),
                    r.last_contact.map(|d| d.to_string()).unwrap_or_default(),
                ]);
            }
            t.print(ctx.format);
        }
    }
    Ok(())
}

fn touch(cmd: TouchCmd, ctx: &mut Ctx) -> Result<()> {
    match cmd {
        TouchCmd::Log { person, kind, date, notes, rep } => {
            let p = resolve(&*ctx.store()?, &person)?;
            let rep = match rep {
                Some(q) => Some(reps::resolve_rep(ctx.store()?.conn(), &q)?),
                None => reps::current_rep(ctx.store()?.conn()).ok(),
            };
            let input = TouchInput {
                person_id: p.id,
                kind,
                date: date.unwrap_or_else(|| chrono::Local::now().date_naive()),
                notes,
                rep_id: rep.map(|r| r.id),
            };
            let t = ctx.store()?.write(|tx| touches::log(tx, &input))?;
            done(ctx, &t, &format!("logged {} with {} on {}", t.kind, p.full_name, t.date));
        }
        TouchCmd::List { person } => {
            let p = resolve(&*ctx.store()?, &person)?;
            let list: Vec<Touch> = touches::list_for_person(ctx.store()?.conn(), p.id)?;
            if !text(ctx) {
                output::json(&list);
                return Ok(());
            }
            let mut t = Table::new(vec!["DATE", "KIND", "NOTES"]);
            for x in &list {
                t.row(vec![x.date.to_string(), x.kind.to_string(), x.notes.clone()]);
            }
            t.print(ctx.format);
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct RepView {
    #[serde(flatten)]
    rep: Rep,
    full_name: String,
    current: bool,
}

fn rep(cmd: RepCmd, ctx: &mut Ctx) -> Result<()> {
    let name_of = |store: &Store, r: &Rep| people::get(store.conn(), r.person_id).map(|p| p.full_name);
    match cmd {
        RepCmd::Add { person, emails, org, title } => {
            let existing = match people::resolve_person(ctx.store()?.conn(), &person) {
                Ok(p) => Some(p),
                Err(Error::NotFound { .. }) => None,
                Err(e) => return Err(e),
            };
            let r = ctx.store()?.write(|tx| match &existing {
                Some(p) => reps::add(tx, p.id),
                None => reps::add_new(
                    tx,
                    &PersonInput {
                        full_name: person.clone(),
                        emails: emails.clone(),
                        organisation: org.clone(),
                        title: title.clone(),
                        source: "manual".into(),
                        ..PersonInput::default()
                    },
                ),
            })?;
            let name = name_of(&*ctx.store()?, &r)?;
            let current = reps::current_rep(ctx.store()?.conn()).is_ok_and(|c| c.id == r.id);
            let msg = format!(
                "{}{name} is now a rep{}",
                if existing.is_none() { "added person; " } else { "" },
                if current { " (current)" } else { "" }
            );
            done(ctx, &RepView { rep: r, full_name: name, current }, &msg);
        }
        RepCmd::List => {
            let current = reps::current_rep(ctx.store()?.conn()).ok().map(|r| r.id);
            let views = reps::list(ctx.store()?.conn())?
                .into_iter()
                .map(|r| {
                    Ok(RepView {
                        full_name: name_of(&*ctx.store()?, &r)?,
                        current: Some(r.id) == current,
                        rep: r,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            if !text(ctx) {
                output::json(&views);
                return Ok(());
            }
            let mut t = Table::new(vec!["NAME", "ACTIVE", "CURRENT", "ID"]);
            for v in &views {
                t.row(vec![
                    v.full_name.clone(),
                    if v.rep.active { "yes" } else { "no" }.into(),
                    if v.current { "*" } else { "" }.into(),
                    v.rep.id.to_string(),
                ]);
            }
            t.print(ctx.format);
        }
        RepCmd::Use { ref rep } | RepCmd::Deactivate { ref rep } | RepCmd::Activate { ref rep } => {
            let r = reps::resolve_rep(ctx.store()?.conn(), rep)?;
            let (r, verb) = match cmd {
                RepCmd::Use { .. } => {
                    (ctx.store()?.write(|tx| reps::set_current_rep(tx, r.id))?, "is the current rep")
                }
                RepCmd::Deactivate { .. } => {
                    (ctx.store()?.write(|tx| reps::set_active(tx, r.id, false))?, "is inactive")
                }
                _ => (ctx.store()?.write(|tx| reps::set_active(tx, r.id, true))?, "is active"),
            };
            let name = name_of(&*ctx.store()?, &r)?;
            let current = reps::current_rep(ctx.store()?.conn()).is_ok_and(|c| c.id == r.id);
            let msg = format!("{name} {verb}");
            done(ctx, &RepView { rep: r, full_name: name, current }, &msg);
        }
    }
    Ok(())
}

fn status(ctx: &mut Ctx) -> Result<()> {
    let store = ctx.store()?;
    let conn = store.conn();
    let counts = network::counts(conn)?;
    let rep = match reps::current_rep(conn) {
        Ok(r) => {
            Some(RepView { full_name: people::get(conn, r.person_id)?.full_name, current: true, rep: r })
        }
        Err(Error::NotFound { .. }) => None,
        Err(e) => return Err(e),
    };
    let db = store.path().map(|p| p.display().to_string());
    if !text(ctx) {
        output::json(&json!({
            "database": db,
            "schema_version": store.schema_version()?,
            "counts": counts,
            "current_rep": rep,
        }));
        return Ok(());
    }
    println!("database:      {}", db.unwrap_or_else(|| "(in memory)".into()));
    println!("people:        {}", counts.people);
    println!("organisations: {}", counts.organisations);
    println!("relationships: {} ({} verified)", counts.relationships, counts.verified_relationships);
    match rep {
        Some(r) => println!("current rep:   {}", r.full_name),
        None => println!("current rep:   none (add yourself with `intrograph rep add \"Your Name\"`)"),
    }
    Ok(())
}
