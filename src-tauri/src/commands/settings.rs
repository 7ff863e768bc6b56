//! Settings: the database location (through the settings file), reps and their goals, the
//! weight constants and the follow-up days per stage.

use std::path::{Path, PathBuf};

use intrograph_engine::location;
use intrograph_engine::model::{PersonId, RepId};
use intrograph_engine::pipeline::{Clock, FollowUpRules, Stage};
use intrograph_engine::store::people::PersonInput;
use intrograph_engine::store::{reps, requests, settings, team, Store};
use intrograph_engine::suggest::{self, WEIGHT_PARAMS};
use intrograph_engine::weight::WeightParams;
use intrograph_engine::Error;
use serde::{Deserialize, Serialize};
use tauri::State;

use super::blocking;
use intrograph_app_core::CommandError;
use intrograph_app_core::Workspace;

/// A rep as the settings, metrics and Referral I.Q. screens list them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RepEntry {
    pub rep_id: RepId,
    pub person_id: PersonId,
    pub name: String,
    pub active: bool,
    /// The rep's goal of introduction requests asked per week, when set.
    pub asks_per_week: Option<u32>,
    /// The rep whose network the app works from.
    pub current: bool,
}

/// Every rep, by name, with goals and the current rep marked.
pub fn rep_entries(store: &Store) -> Result<Vec<RepEntry>, CommandError> {
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

/// The constants of the introduction weight, as the settings form edits them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WeightConstants {
    /// Factor for strength 1 (distant) to 5 (very strong).
    pub strength_factors: [f64; 5],
    pub unverified_factor: f64,
    pub recency_half_life_days: f64,
    pub recency_floor: f64,
    pub unknown_contact_factor: f64,
}

impl From<WeightParams> for WeightConstants {
    fn from(p: WeightParams) -> Self {
        Self {
            strength_factors: p.strength_factors,
            unverified_factor: p.unverified_factor,
            recency_half_life_days: p.recency_half_life_days,
            recency_floor: p.recency_floor,
            unknown_contact_factor: p.unknown_contact_factor,
        }
    }
}

impl From<WeightConstants> for WeightParams {
    fn from(c: WeightConstants) -> Self {
        Self {
            strength_factors: c.strength_factors,
            unverified_factor: c.unverified_factor,
            recency_half_life_days: c.recency_half_life_days,
            recency_floor: c.recency_floor,
            unknown_contact_factor: c.unknown_contact_factor,
        }
    }
}

/// Days until the suggested follow-up after a request reaches `stage`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FollowUpDays {
    pub stage: Stage,
    pub days: u32,
    #[serde(default)]
    pub default_days: u32,
}

/// Everything the Settings screen shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SettingsOverview {
    /// The database open now.
    pub database: Option<String>,
    /// The settings file that names the database for the next start.
    pub config_file: Option<String>,
    /// The database the settings file names, if any.
    pub configured_database: Option<String>,
    /// `INTROGRAPH_DB` is set and wins over the settings file.
    pub database_from_env: bool,
    pub reps: Vec<RepEntry>,
    pub weights: WeightConstants,
    pub default_weights: WeightConstants,
    /// The weights differ from the defaults.
    pub weights_customised: bool,
    pub follow_up_days: Vec<FollowUpDays>,
}

fn follow_up_days(store: &Store) -> Result<Vec<FollowUpDays>, CommandError> {
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
pub fn overview(store: &Store, database: Option<&Path>) -> Result<SettingsOverview, CommandError> {
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
    })
}

/// Names `path` as the database in the settings file (`None` goes back to the default
/// location). Takes effect when IntroGraph next starts.
pub fn choose_database(config_file: &Path, path: Option<&str>) -> Result<(), CommandError> {
    let chosen = match path.map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => {
            let p = PathBuf::from(p);
            super::check_path_to_write("database location", &p, "intrograph.db")?;
            Some(p)
        }
    };
    let mut config = location::load_config(config_file)?;
    config.database = chosen;
    location::save_config(config_file, &config)?;
    Ok(())
}

/// Adds a rep: a new person with that name (and email) who becomes a rep.
pub fn add_rep(store: &mut Store, name: &str, email: Option<&str>) -> Result<(), CommandError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("rep name", "is empty; give the rep's full name").into());
    }
    let mut input = PersonInput::named(name);
    input.source = "manual".into();
    if let Some(email) = email.map(str::trim).filter(|e| !e.is_empty()) {
        input.emails = vec![email.to_string()];
    }
    store.write(|tx| reps::add_new(tx, &input))?;
    Ok(())
}

pub fn set_rep_active(store: &mut Store, rep: RepId, active: bool) -> Result<(), CommandError> {
    store.write(|tx| reps::set_active(tx, rep, active))?;
    Ok(())
}

pub fn use_rep(store: &mut Store, rep: RepId) -> Result<(), CommandError> {
    store.write(|tx| reps::set_current_rep(tx, rep))?;
    Ok(())
}

pub fn set_goal(
    store: &mut Store,
    rep: RepId,
    asks_per_week: u32,
    clock: &Clock,
) -> Result<(), CommandError> {
    team::set_goal(store, rep, asks_per_week, clock)?;
    Ok(())
}

/// Validates and stores the weight constants.
pub fn save_weights(store: &mut Store, weights: WeightConstants) -> Result<(), CommandError> {
    let params = WeightParams::from(weights);
    params.validate()?;
    store.write(|tx| settings::set(tx, WEIGHT_PARAMS, &params))?;
    Ok(())
}

/// Goes back to the documented default constants.
pub fn reset_weights(store: &mut Store) -> Result<(), CommandError> {
    store.write(|tx| settings::remove(tx, WEIGHT_PARAMS))?;
    Ok(())
}

/// Stores the follow-up days per stage.
pub fn save_follow_up_days(store: &mut Store, days: &[FollowUpDays]) -> Result<(), CommandError> {
    let rules = FollowUpRules { days: days.iter().map(|d| (d.stage, d.days)).collect() };
    rules.check()?;
    requests::set_follow_up_rules(store, &rules)?;
    Ok(())
}

/// Saves the weight constants (`None`: back to the defaults). Every introduction weight
/// changes with them, so the cached graph is dropped and rebuilt on next use.
pub fn change_weights(
    workspace: &Workspace,
    weights: Option<WeightConstants>,
) -> Result<SettingsOverview, CommandError> {
    match weights {
        Some(w) => save_weights(&mut *workspace.store()?, w)?,
        None => reset_weights(&mut *workspace.store()?)?,
    }
    workspace.forget_network();
    refreshed(workspace)
}

fn refreshed(workspace: &Workspace) -> Result<SettingsOverview, CommandError> {
    let store = workspace.store()?;
    overview(&store, store.path().or(workspace.database()))
}

#[tauri::command]
pub async fn settings_overview(workspace: State<'_, Workspace>) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, refreshed).await
}

#[tauri::command]
pub async fn settings_choose_database(
    workspace: State<'_, Workspace>,
    path: Option<String>,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, move |workspace| {
        let config = location::config_path().ok_or_else(|| {
            CommandError::new("Unavailable", "this system has no folder for IntroGraph's settings file")
        })?;
        choose_database(&config, path.as_deref())?;
        refreshed(workspace)
    })
    .await
}

#[tauri::command]
pub async fn settings_add_rep(
    workspace: State<'_, Workspace>,
    name: String,
    email: Option<String>,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, move |workspace| {
        add_rep(&mut *workspace.store()?, &name, email.as_deref())?;
        refreshed(workspace)
    })
    .await
}

#[tauri::command]
pub async fn settings_set_rep_active(
    workspace: State<'_, Workspace>,
    rep_id: RepId,
    active: bool,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, move |workspace| {
        set_rep_active(&mut *workspace.store()?, rep_id, active)?;
        refreshed(workspace)
    })
    .await
}

#[tauri::command]
pub async fn settings_use_rep(
    workspace: State<'_, Workspace>,
    rep_id: RepId,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, move |workspace| {
        use_rep(&mut *workspace.store()?, rep_id)?;
        refreshed(workspace)
    })
    .await
}

#[tauri::command]
pub async fn settings_set_goal(
    workspace: State<'_, Workspace>,
    rep_id: RepId,
    asks_per_week: u32,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, move |workspace| {
        set_goal(&mut *workspace.store()?, rep_id, asks_per_week, &Clock::system())?;
        refreshed(workspace)
    })
    .await
}

#[tauri::command]
pub async fn settings_save_weights(
    workspace: State<'_, Workspace>,
    weights: WeightConstants,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, move |workspace| change_weights(workspace, Some(weights))).await
}

#[tauri::command]
pub async fn settings_reset_weights(
    workspace: State<'_, Workspace>,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, move |workspace| change_weights(workspace, None)).await
}

#[tauri::command]
pub async fn settings_save_follow_up_days(
    workspace: State<'_, Workspace>,
    days: Vec<FollowUpDays>,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, move |workspace| {
        save_follow_up_days(&mut *workspace.store()?, &days)?;
        refreshed(workspace)
    })
    .await
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn changing_the_weight_constants_drops_the_cached_graph() {
        let workspace = Workspace::in_memory();
        add_rep(&mut workspace.store().unwrap(), "Ada Lovelace", None).unwrap();
        workspace.with_network(|_, _| Ok(())).unwrap();
        assert!(workspace.network_is_cached());
        let mut weights = refreshed(&workspace).unwrap().weights;
        weights.unverified_factor = 0.5;
        let saved = change_weights(&workspace, Some(weights)).unwrap();
        assert_eq!(saved.weights.unverified_factor, 0.5);
        assert!(!workspace.network_is_cached(), "paths must not rank with the old weights");
        workspace.with_network(|_, _| Ok(())).unwrap();
        change_weights(&workspace, None).unwrap();
        assert!(!workspace.network_is_cached());
    }

    /// A store with two reps, Ada (current) and Grace.
    pub(crate) fn two_reps() -> (Store, RepId, RepId) {
        let mut store = Store::open_in_memory().unwrap();
        add_rep(&mut store, "Ada Lovelace", Some("ada@example.com")).unwrap();
        add_rep(&mut store, "Grace Hopper", None).unwrap();
        let entries = rep_entries(&store).unwrap();
        let ada = entries.iter().find(|r| r.name == "Ada Lovelace").unwrap().rep_id;
        let grace = entries.iter().find(|r| r.name == "Grace Hopper").unwrap().rep_id;
        (store, ada, grace)
    }

    #[test]
    fn reps_are_added_made_current_given_goals_and_made_inactive() {
        let (mut store, ada, grace) = two_reps();
        let entries = rep_entries(&store).unwrap();
        assert!(entries.iter().find(|r| r.rep_id == ada).unwrap().current, "the first rep is current");
        use_rep(&mut store, grace).unwrap();
        set_goal(&mut store, grace, 5, &Clock::system()).unwrap();
        set_rep_active(&mut store, ada, false).unwrap();
        let entries = rep_entries(&store).unwrap();
        let g = entries.iter().find(|r| r.rep_id == grace).unwrap();
        assert!(g.current && g.active);
        assert_eq!(g.asks_per_week, Some(5));
        assert!(!entries.iter().find(|r| r.rep_id == ada).unwrap().active);
        let err = use_rep(&mut store, ada).unwrap_err();
        assert_eq!(err.code, "Conflict", "{err}");
        let err = add_rep(&mut store, "  ", None).unwrap_err();
        assert!(err.message.contains("rep name"), "{err}");
    }

    #[test]
    fn weights_are_validated_saved_and_reset() {
        let (mut store, _, _) = two_reps();
        let mut w = WeightConstants::from(WeightParams::default());
        w.unverified_factor = 0.25;
        save_weights(&mut store, w.clone()).unwrap();
        let shown = overview(&store, None).unwrap();
        assert_eq!(shown.weights, w);
        assert!(shown.weights_customised);

        let mut bad = w.clone();
        bad.recency_floor = 1.5;
        let err = save_weights(&mut store, bad).unwrap_err();
        assert_eq!(err.code, "Invalid");
        assert!(err.message.contains("recency_floor") && err.message.contains("1.5"), "{err}");
        assert_eq!(overview(&store, None).unwrap().weights, w, "a refused edit changes nothing");

        reset_weights(&mut store).unwrap();
        let shown = overview(&store, None).unwrap();
        assert_eq!(shown.weights, shown.default_weights);
        assert!(!shown.weights_customised);
    }

    #[test]
    fn follow_up_days_are_saved_per_stage_and_checked() {
        let (mut store, _, _) = two_reps();
        let mut days = overview(&store, None).unwrap().follow_up_days;
        assert!(days.iter().any(|d| d.stage == Stage::Asked && d.days == 3 && d.default_days == 3));
        days.iter_mut().find(|d| d.stage == Stage::Asked).unwrap().days = 5;
        save_follow_up_days(&mut store, &days).unwrap();
        let shown = overview(&store, None).unwrap().follow_up_days;
        assert_eq!(shown.iter().find(|d| d.stage == Stage::Asked).unwrap().days, 5);

        days.iter_mut().find(|d| d.stage == Stage::Asked).unwrap().days = 400;
        let err = save_follow_up_days(&mut store, &days).unwrap_err();
        assert!(err.message.contains("400"), "{err}");
    }

    #[test]
    fn the_database_location_is_written_to_the_settings_file() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config").join("config.json");
        let db = dir.path().join("team.db");
        choose_database(&config, Some(db.to_str().unwrap())).unwrap();
        assert_eq!(location::load_config(&config).unwrap().database, Some(db.clone()));

        for (bad, says) in [
            ("team.db", "not a full path"),
            (dir.path().to_str().unwrap(), "is a folder"),
            ("/no/such/folder/team.db", "does not exist"),
        ] {
            let err = choose_database(&config, Some(bad)).unwrap_err();
            assert!(err.message.contains(says), "{bad}: {err}");
        }
        assert_eq!(
            location::load_config(&config).unwrap().database,
            Some(db),
            "refused paths change nothing"
        );
        choose_database(&config, None).unwrap();
        assert_eq!(location::load_config(&config).unwrap().database, None);
    }
}

/// The TypeScript declarations of the views this module still defines (they move to
/// `intrograph_app_core::views::settings`; an empty list once they have).
#[cfg(test)]
pub fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        RepEntry::decl(cfg),
        WeightConstants::decl(cfg),
        FollowUpDays::decl(cfg),
        SettingsOverview::decl(cfg),
    ]
}
