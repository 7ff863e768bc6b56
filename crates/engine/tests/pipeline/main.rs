//! The pipeline: requests and their stages, the Today lists, sources, metrics, the Referral I.Q.
//!
//! One test binary; each module was a binary of its own.

mod iq_quarters;
mod metrics_fixtures;
mod metrics_summaries_sources;
mod metrics_summary;
mod pipeline_common;
mod pipeline_listed;
mod pipeline_requests;
mod pipeline_sources;
mod pipeline_stages;
mod pipeline_upgrade;
