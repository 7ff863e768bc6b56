//! Settings: the database location (through the settings file), reps and their goals, the
//! weight constants, the follow-up days per stage and the currency of deal values.
//!
//! The window's edits each answer with the whole [`SettingsOverview`] as it is afterwards.

use std::path::{Path, PathBuf};

use intrograph_engine::location;
use intrograph_engine::model::{money, Rep, RepId};
use intrograph_engine::pipeline::{Clock, FollowUpRules};
use intrograph_engine::store::people::PersonInput;
use intrograph_engine::store::team::Goal;
use intrograph_engine::store::{reps, requests, settings, team, Store};
use intrograph_engine::suggest::{self, WEIGHT_PARAMS};
use intrograph_engine::weight::WeightParams;
use intrograph_engine::{Error, Result};

pub use crate::views::settings::{FollowUpDays, RepEntry, SettingsOverview, WeightConstants};
use crate::Workspace;

/// Every rep, by name, with goals and the current rep marked.
pub fn rep_entries(store: &Store) -> Result<Vec<RepEntry>> {
    let goals = team::goals(store)?;
    let current = reps::current_rep(store.conn()).ok().map(|r| r.id);
    Ok(team::members(store)?
        .into_iter()
        .map(|m| RepEntry {
            asks_per_week: goals.iter().find(|g| g.rep_id == m.rep_id).map(|g| g.asks_per_week),
            current: current == Some(m.rep_id),
            rep_id: m.rep_id,
            person_id: m.person_id,
            name: m.name,
            active: m.active,
        })
        .collect())
}

/// The rep named by `query` (an id, or a person's id, email or name), else the current rep.
pub fn rep_or_current(store: &Store, query: Option<&str>) -> Result<Rep> {
    match query {
        Some(q) => reps::resolve_rep(store.conn(), q),
        None => reps::current_rep(store.conn()),
    }
}

/// The rep named by an optional filter (an id, or a person's id, email or name).
pub fn rep_named(store: &Store, query: Option<&str>) -> Result<Option<Rep>> {
    query.map(|q| reps::resolve_rep(store.conn(), q)).transpose()
}

fn follow_up_days(store: &Store) -> Result<Vec<FollowUpDays>> {
    let rules = requests::follow_up_rules(store)?;
    let defaults = FollowUpRules::default();
    Ok(defaults
        .days
        .iter()
        .map(|(stage, d)| FollowUpDays {
            stage: *stage,
            days: rules.days.get(stage).copied().unwrap_or(*d),
            default_days: *d,
        })
        .collect())
}

/// The Settings screen's data. `database` is the file open now.
pub fn overview_of(store: &Store, database: Option<&Path>) -> Result<SettingsOverview> {
    let config_file = location::config_path();
    let configured_database = match &config_file {
        Some(path) => location::load_config(path)?.database,
        None => None,
    };
    let weights = suggest::weight_params(store.conn())?;
    let defaults = WeightParams::default();
    Ok(SettingsOverview {
        database: database.map(|p| p.display().to_string()),
        config_file: config_file.map(|p| p.display().to_string()),
        configured_database: configured_database.map(|p| p.display().to_string()),
        database_from_env: std::env::var_os(location::DB_ENV).is_some_and(|v| !v.is_empty()),
        reps: rep_entries(store)?,
        weights_customised: weights != defaults,
        weights: weights.into(),
        default_weights: defaults.into(),
        follow_up_days: follow_up_days(store)?,
        currency: currency_of(store)?,
    })
}

/// The Settings screen's data for the open workspace.
pub fn overview(workspace: &Workspace) -> Result<SettingsOverview> {
    let store = workspace.store()?;
    overview_of(&store, store.path().or(workspace.database()))
}

/// Runs one edit of the store, then answers with the overview as it is afterwards.
fn edit(workspace: &Workspace, change: impl FnOnce(&mut Store) -> Result<()>) -> Result<SettingsOverview> {
    change(&mut *workspace.store()?)?;
    overview(workspace)
}

/// Names `path` as the database in the settings file `config_file` (`None` or blank goes
/// back to the default location). Takes effect when IntroGraph next starts.
pub fn choose_database_in(config_file: &Path, path: Option<&str>) -> Result<()> {
    let chosen = match path.map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => {
            let p = PathBuf::from(p);
            crate::interchange::check_path_to_write("database location", &p, "intrograph.db")?;
            Some(p)
        }
    };
    let mut config = location::load_config(config_file)?;
    config.database = chosen;
    location::save_config(config_file, &config)?;
    Ok(())
}

/// Names `path` as the database in this system's settings file (see [`choose_database_in`]).
pub fn choose_database(workspace: &Workspace, path: Option<&str>) -> Result<SettingsOverview> {
    let config = location::config_path().ok_or_else(|| {
        Error::Unavailable("this system has no folder for IntroGraph's settings file".into())
    })?;
    choose_database_in(&config, path)?;
    overview(workspace)
}

/// Adds a rep: a new person with that name (and email) who becomes a rep.
pub fn add_rep_to(store: &mut Store, name: &str, email: Option<&str>) -> Result<()> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("rep name", "is empty; give the rep's full name"));
    }
    let mut input = PersonInput::named(name);
    input.source = "manual".into();
    if let Some(email) = email.map(str::trim).filter(|e| !e.is_empty()) {
        input.emails = vec![email.to_string()];
    }
    store.write(|tx| reps::add_new(tx, &input))?;
    Ok(())
}

/// Adds a rep (see [`add_rep_to`]).
pub fn add_rep(workspace: &Workspace, name: &str, email: Option<&str>) -> Result<SettingsOverview> {
    edit(workspace, |store| add_rep_to(store, name, email))
}

/// Makes a rep active or inactive.
pub fn set_rep_active(workspace: &Workspace, rep: RepId, active: bool) -> Result<SettingsOverview> {
    edit(workspace, |store| store.write(|tx| reps::set_active(tx, rep, active)).map(drop))
}

/// Makes a rep the current rep (whose network the app works from).
pub fn use_rep(workspace: &Workspace, rep: RepId) -> Result<SettingsOverview> {
    edit(workspace, |store| store.write(|tx| reps::set_current_rep(tx, rep)).map(drop))
}

/// Sets a rep's weekly goal of asks.
pub fn set_goal(workspace: &Workspace, rep: RepId, asks_per_week: u32) -> Result<SettingsOverview> {
    edit(workspace, |store| team::set_goal(store, rep, asks_per_week, &Clock::system()).map(drop))
}

/// Sets the weekly goal of asks of the rep named by `rep` (else the current rep).
pub fn set_goal_of(workspace: &Workspace, rep: Option<&str>, asks_per_week: u32) -> Result<Goal> {
    let mut store = workspace.store()?;
    let rep = rep_or_current(&store, rep)?;
    team::set_goal(&mut store, rep.id, asks_per_week, &Clock::system())
}

/// Every rep's goal.
pub fn goals(workspace: &Workspace) -> Result<Vec<Goal>> {
    team::goals(&*workspace.store()?)
}

/// Saves the weight constants (`None`: back to the defaults), validated. Every
/// introduction weight changes with them, so the cached graph is dropped and rebuilt on
/// next use.
fn change_weights(workspace: &Workspace, weights: Option<WeightConstants>) -> Result<SettingsOverview> {
    {
        let mut store = workspace.store()?;
        match weights {
            Some(w) => {
                let params = WeightParams::from(w);
                params.validate()?;
                store.write(|tx| settings::set(tx, WEIGHT_PARAMS, &params))?;
            }
            None => store.write(|tx| settings::remove(tx, WEIGHT_PARAMS)).map(drop)?,
        }
    }
    workspace.forget_network();
    overview(workspace)
}

/// Validates and stores the weight constants (the cached graph is rebuilt with them).
pub fn save_weights(workspace: &Workspace, weights: WeightConstants) -> Result<SettingsOverview> {
    change_weights(workspace, Some(weights))
}

/// Goes back to the documented default constants (the cached graph is rebuilt with them).
pub fn reset_weights(workspace: &Workspace) -> Result<SettingsOverview> {
    change_weights(workspace, None)
}

/// Stores the follow-up days per stage.
pub fn save_follow_up_days(workspace: &Workspace, days: &[FollowUpDays]) -> Result<SettingsOverview> {
    edit(workspace, |store| {
        let rules = FollowUpRules { days: days.iter().map(|d| (d.stage, d.days)).collect() };
        rules.check()?;
        requests::set_follow_up_rules(store, &rules)
    })
}

/// The settings key of the workspace's currency.
const CURRENCY: &str = "workspace.currency";

/// The workspace's currency: the ISO 4217 code chosen in Settings, else
/// [`money::DEFAULT_CURRENCY`].
pub fn currency_of(store: &Store) -> Result<String> {
    Ok(settings::get::<String>(store.conn(), CURRENCY)?
        .unwrap_or_else(|| money::DEFAULT_CURRENCY.to_string()))
}

/// Sets the workspace's currency (an ISO 4217 code in use, any case) and returns it as stored.
pub fn set_currency_of(store: &mut Store, code: &str) -> Result<String> {
    let code = money::check_currency("currency", code)?;
    store.write(|tx| settings::set(tx, CURRENCY, &code))?;
    Ok(code)
}

/// The open workspace's currency.
pub fn currency(workspace: &Workspace) -> Result<String> {
    currency_of(&*workspace.store()?)
}

/// Sets the open workspace's currency (see [`set_currency_of`]).
pub fn set_currency(workspace: &Workspace, code: &str) -> Result<String> {
    set_currency_of(&mut *workspace.store()?, code)
}

/// Sets the currency from the Settings screen and answers with the overview afterwards.
pub fn save_currency(workspace: &Workspace, code: &str) -> Result<SettingsOverview> {
    edit(workspace, |store| set_currency_of(store, code).map(drop))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use intrograph_engine::pipeline::Stage;

    #[test]
    fn the_currency_is_chosen_validated_and_kept() {
        let workspace = Workspace::in_memory();
        assert_eq!(currency(&workspace).unwrap(), "USD", "the default");
        assert_eq!(save_currency(&workspace, " eur").unwrap().currency, "EUR");
        let err = set_currency(&workspace, "EURO").unwrap_err();
        assert_eq!(err.code(), "Invalid");
        assert!(err.to_string().contains("ISO 4217"), "{err}");
        assert!(set_currency(&workspace, "ABC").is_err());
        assert_eq!(currency(&workspace).unwrap(), "EUR", "a refused code changes nothing");
        assert_eq!(crate::views::WorkspaceInfo::of(&workspace).unwrap().currency, "EUR");
    }

    #[test]
    fn changing_the_weight_constants_drops_the_cached_graph() {
        let workspace = Workspace::in_memory();
        add_rep(&workspace, "Ada Lovelace", None).unwrap();
        workspace.with_network(|_, _| Ok(())).unwrap();
        assert!(workspace.network_is_cached());
        let mut weights = overview(&workspace).unwrap().weights;
        weights.unverified_factor = 0.5;
        let saved = save_weights(&workspace, weights).unwrap();
        assert_eq!(saved.weights.unverified_factor, 0.5);
        assert!(!workspace.network_is_cached(), "paths must not rank with the old weights");
        workspace.with_network(|_, _| Ok(())).unwrap();
        reset_weights(&workspace).unwrap();
        assert!(!workspace.network_is_cached());
    }

    /// A workspace with two reps, Ada (current) and Grace.
    pub(crate) fn two_reps() -> (Workspace, RepId, RepId) {
        let workspace = Workspace::in_memory();
        add_rep(&workspace, "Ada Lovelace", Some("ada@example.com")).unwrap();
        let entries = add_rep(&workspace, "Grace Hopper", None).unwrap().reps;
        let ada = entries.iter().find(|r| r.name == "Ada Lovelace").unwrap().rep_id;
        let grace = entries.iter().find(|r| r.name == "Grace Hopper").unwrap().rep_id;
        (workspace, ada, grace)
    }

    #[test]
    fn reps_are_added_made_current_given_goals_and_made_inactive() {
        let (workspace, ada, grace) = two_reps();
        let entries = rep_entries(&workspace.store().unwrap()).unwrap();
        assert!(entries.iter().find(|r| r.rep_id == ada).unwrap().current, "the first rep is current");
        use_rep(&workspace, grace).unwrap();
        set_goal(&workspace, grace, 5).unwrap();
        set_rep_active(&workspace, ada, false).unwrap();
        let entries = rep_entries(&workspace.store().unwrap()).unwrap();
        let g = entries.iter().find(|r| r.rep_id == grace).unwrap();
        assert!(g.current && g.active);
        assert_eq!(g.asks_per_week, Some(5));
        assert!(!entries.iter().find(|r| r.rep_id == ada).unwrap().active);
        let err = use_rep(&workspace, ada).unwrap_err();
        assert_eq!(err.code(), "Conflict", "{err}");
        let err = add_rep(&workspace, "  ", None).unwrap_err();
        assert!(err.to_string().contains("rep name"), "{err}");
    }

    #[test]
    fn goals_are_set_for_a_rep_by_name_or_the_current_rep_and_listed() {
        let (workspace, ada, grace) = two_reps();
        assert_eq!(set_goal_of(&workspace, None, 3).unwrap().rep_id, ada);
        let g = set_goal_of(&workspace, Some("Grace Hopper"), 7).unwrap();
        assert_eq!((g.rep_id, g.rep_name.as_str(), g.asks_per_week), (grace, "Grace Hopper", 7));
        let all: Vec<_> =
            goals(&workspace).unwrap().into_iter().map(|g| (g.rep_id, g.asks_per_week)).collect();
        assert!(all.contains(&(ada, 3)) && all.contains(&(grace, 7)), "{all:?}");
        assert!(set_goal_of(&workspace, Some("Nobody Here"), 1).is_err());
    }

    #[test]
    fn weights_are_validated_saved_and_reset() {
        let (workspace, _, _) = two_reps();
        let mut w = WeightConstants::from(WeightParams::default());
        w.unverified_factor = 0.25;
        save_weights(&workspace, w.clone()).unwrap();
        let shown = overview(&workspace).unwrap();
        assert_eq!(shown.weights, w);
        assert!(shown.weights_customised);

        let mut bad = w.clone();
        bad.recency_floor = 1.5;
        let err = save_weights(&workspace, bad).unwrap_err();
        assert_eq!(err.code(), "Invalid");
        let message = err.to_string();
        assert!(message.contains("recency_floor") && message.contains("1.5"), "{err}");
        assert_eq!(overview(&workspace).unwrap().weights, w, "a refused edit changes nothing");

        reset_weights(&workspace).unwrap();
        let shown = overview(&workspace).unwrap();
        assert_eq!(shown.weights, shown.default_weights);
        assert!(!shown.weights_customised);
    }

    #[test]
    fn follow_up_days_are_saved_per_stage_and_checked() {
        let (workspace, _, _) = two_reps();
        let mut days = overview(&workspace).unwrap().follow_up_days;
        assert!(days.iter().any(|d| d.stage == Stage::Asked && d.days == 3 && d.default_days == 3));
        days.iter_mut().find(|d| d.stage == Stage::Asked).unwrap().days = 5;
        save_follow_up_days(&workspace, &days).unwrap();
        let shown = overview(&workspace).unwrap().follow_up_days;
        assert_eq!(shown.iter().find(|d| d.stage == Stage::Asked).unwrap().days, 5);

        days.iter_mut().find(|d| d.stage == Stage::Asked).unwrap().days = 400;
        let err = save_follow_up_days(&workspace, &days).unwrap_err();
        assert!(err.to_string().contains("400"), "{err}");
    }

    #[test]
    fn the_database_location_is_written_to_the_settings_file() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config").join("config.json");
        let db = dir.path().join("team.db");
        choose_database_in(&config, Some(db.to_str().unwrap())).unwrap();
        assert_eq!(location::load_config(&config).unwrap().database, Some(db.clone()));

        for (bad, says) in [
            ("team.db", "not a full path"),
            (dir.path().to_str().unwrap(), "is a folder"),
            ("/no/such/folder/team.db", "does not exist"),
        ] {
            let err = choose_database_in(&config, Some(bad)).unwrap_err();
            assert!(err.to_string().contains(says), "{bad}: {err}");
        }
        assert_eq!(
            location::load_config(&config).unwrap().database,
            Some(db),
            "refused paths change nothing"
        );
        choose_database_in(&config, None).unwrap();
        assert_eq!(location::load_config(&config).unwrap().database, None);
    }
}
