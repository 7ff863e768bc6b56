//! Where a rep's team password lives: the desktop's secret store (Secret Service on Linux,
//! through the `keyring` crate), never a settings file. The workspace keeps only the key
//! under which the password is stored.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::TeamError;

/// The service name the passwords are filed under in the secret store.
pub const SERVICE: &str = "IntroGraph team workspace";

/// A store of secrets by key.
pub trait Secrets: Send + Sync {
    fn get(&self, key: &str) -> Result<Option<String>, TeamError>;
    fn set(&self, key: &str, secret: &str) -> Result<(), TeamError>;
    fn delete(&self, key: &str) -> Result<(), TeamError>;
}

/// The desktop's secret store (Secret Service via the `keyring` crate).
#[derive(Clone, Copy, Debug, Default)]
pub struct DesktopSecrets;

fn entry(key: &str) -> Result<keyring::Entry, TeamError> {
    keyring::Entry::new(SERVICE, key).map_err(keyring_error)
}

fn keyring_error(e: keyring::Error) -> TeamError {
    TeamError::Secrets(format!(
        "{e}; a desktop secret store (GNOME Keyring, KWallet or another Secret Service) must be running and unlocked"
    ))
}

impl Secrets for DesktopSecrets {
    fn get(&self, key: &str) -> Result<Option<String>, TeamError> {
        match entry(key)?.get_password() {
            Ok(p) => Ok(Some(p)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(e)),
        }
    }

    fn set(&self, key: &str, secret: &str) -> Result<(), TeamError> {
        entry(key)?.set_password(secret).map_err(keyring_error)
    }

    fn delete(&self, key: &str) -> Result<(), TeamError> {
        match entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        }
    }
}

/// Secrets kept in memory only, for a process that must not touch the desktop's store
/// (the benchmark's simulated reps).
#[derive(Debug, Default)]
pub struct MemorySecrets(Mutex<HashMap<String, String>>);

impl Secrets for MemorySecrets {
    fn get(&self, key: &str) -> Result<Option<String>, TeamError> {
        Ok(self.0.lock().unwrap_or_else(|e| e.into_inner()).get(key).cloned())
    }

    fn set(&self, key: &str, secret: &str) -> Result<(), TeamError> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(key.to_string(), secret.to_string());
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<(), TeamError> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
        Ok(())
    }
}

/// The environment variable a headless machine (a server, CI without a desktop session)
/// gives the rep's password in, instead of a secret store. Set, it is the password of
/// every team sync of the process, and nothing is written to any store.
pub const PASSWORD_ENV: &str = "INTROGRAPH_TEAM_PASSWORD";

/// The password from [`PASSWORD_ENV`] (headless use).
#[derive(Clone, Debug)]
pub struct EnvPassword(pub String);

impl Secrets for EnvPassword {
    fn get(&self, _key: &str) -> Result<Option<String>, TeamError> {
        Ok(Some(self.0.clone()))
    }
    fn set(&self, _key: &str, _secret: &str) -> Result<(), TeamError> {
        Ok(())
    }
    fn delete(&self, _key: &str) -> Result<(), TeamError> {
        Ok(())
    }
}

/// The secrets the desktop app and the CLI use: [`PASSWORD_ENV`] if set, else the
/// desktop's secret store.
pub fn default_secrets() -> Box<dyn Secrets> {
    match std::env::var(PASSWORD_ENV) {
        Ok(p) if !p.is_empty() => Box::new(EnvPassword(p)),
        _ => Box::new(DesktopSecrets),
    }
}
