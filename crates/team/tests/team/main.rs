//! Team workspace tests against a real PostgreSQL server (a throwaway cluster per test
//! file section, see intrograph_team::testing). No mocks.

mod support;

mod basics;
mod conflicts;
mod errors;
mod first_pull;
mod private_again;
mod rls;
mod second_desktop;
mod secrets;
mod snapshot;
mod tls;
mod upgrade;
