//! Introduction paths: the ranking scenarios and the search's properties.
//!
//! One test binary; each module was a binary of its own.

mod paths_cases;
mod paths_property;
mod paths_team;
#[path = "../pipeline/pipeline_common.rs"]
mod pipeline_common;
