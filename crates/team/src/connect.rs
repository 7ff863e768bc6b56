//! Connecting to the team server: `postgresql://` URLs with libpq's `sslmode` meanings.
//!
//! - `disable`: no TLS; `prefer` (the default): TLS if the server offers it, without
//!   verifying; `require`: TLS, the certificate is not verified unless `sslrootcert` is
//!   given (then as `verify-ca`); `verify-ca`: the chain must lead to `sslrootcert` (or the
//!   system roots); `verify-full`: also the host name must match.
//!
//! The `postgres` crate parses only disable/prefer/require, so the URL's `sslmode` and
//! `sslrootcert` are taken out here and the TLS connector is built to match.

use std::str::FromStr;

use native_tls::{Certificate, TlsConnector};
use postgres::config::SslMode;
use postgres::{Client, Config, NoTls};
use postgres_native_tls::MakeTlsConnector;

use crate::TeamError;

/// libpq's `sslmode` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl FromStr for TlsMode {
    type Err = TeamError;
    fn from_str(s: &str) -> Result<Self, TeamError> {
        Ok(match s {
            "disable" => Self::Disable,
            "allow" | "prefer" => Self::Prefer,
            "require" => Self::Require,
            "verify-ca" => Self::VerifyCa,
            "verify-full" => Self::VerifyFull,
            other => {
                return Err(TeamError::Url(format!(
                    "sslmode={other} is not one of disable, prefer, require, verify-ca, verify-full"
                )))
            }
        })
    }
}

/// A parsed team server URL.
#[derive(Clone, Debug)]
pub struct ServerUrl {
    /// The URL as given, for storing (contains the password if it had one).
    pub raw: String,
    config: Config,
    pub tls: TlsMode,
    pub root_cert: Option<String>,
}

impl ServerUrl {
    pub fn parse(url: &str) -> Result<Self, TeamError> {
        let url = url.trim();
        if !(url.starts_with("postgresql://") || url.starts_with("postgres://")) {
            return Err(TeamError::Url(format!(
                "{:?} does not start with postgresql://; expected postgresql://LOGIN:PASSWORD@HOST:PORT/DATABASE?sslmode=require",
                redact(url)
            )));
        }
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut tls = TlsMode::Prefer;
        let mut root_cert = None;
        let mut rest = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "sslmode" => tls = v.parse()?,
                "sslrootcert" => root_cert = Some(percent_decode(v)),
                _ => rest.push(pair),
            }
        }
        let pg_url = if rest.is_empty() { base.to_string() } else { format!("{base}?{}", rest.join("&")) };
        let mut config =
            Config::from_str(&pg_url).map_err(|e| TeamError::Url(format!("{}: {e}", redact(url))))?;
        config.ssl_mode(match tls {
            TlsMode::Disable => SslMode::Disable,
            TlsMode::Prefer => SslMode::Prefer,
            _ => SslMode::Require,
        });
        if config.get_hosts().is_empty() {
            return Err(TeamError::Url(format!("{} names no host", redact(url))));
        }
        Ok(Self { raw: url.to_string(), config, tls, root_cert })
    }

    /// The login name in the URL.
    pub fn login(&self) -> Option<&str> {
        self.config.get_user()
    }

    pub fn password(&self) -> Option<String> {
        self.config.get_password().map(|p| String::from_utf8_lossy(p).into_owned())
    }

    pub fn set_login(&mut self, login: &str) {
        self.config.user(login);
    }

    /// The URL without login and password: what the workspace keeps.
    pub fn redacted_without_password(&self) -> String {
        let Some((scheme, rest)) = self.raw.split_once("://") else { return self.raw.clone() };
        let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
        format!("{scheme}://{host}")
    }

    pub fn set_password(&mut self, password: &str) {
        self.config.password(password);
    }

    /// `host:port/database`, for messages.
    pub fn server(&self) -> String {
        let host = match self.config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
            None => String::new(),
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        format!("{host}:{port}/{}", self.config.get_dbname().unwrap_or(""))
    }

    /// The URL without its password (what status shows and the settings keep).
    pub fn redacted(&self) -> String {
        redact(&self.raw)
    }

    /// Opens a connection.
    pub fn connect(&self) -> Result<Client, TeamError> {
        let mut config = self.config.clone();
        config.connect_timeout(std::time::Duration::from_secs(10));
        config.application_name("intrograph");
        let result = match self.tls {
            TlsMode::Disable => config.connect(NoTls),
            _ => config.connect(self.tls_connector()?),
        };
        result.map_err(|e| self.classify(e))
    }

    fn tls_connector(&self) -> Result<MakeTlsConnector, TeamError> {
        let mut builder = TlsConnector::builder();
        let mode = match (self.tls, &self.root_cert) {
            (TlsMode::Require | TlsMode::Prefer, Some(_)) => TlsMode::VerifyCa,
            (m, _) => m,
        };
        if let Some(path) = &self.root_cert {
            let pem = std::fs::read(path)
                .map_err(|e| TeamError::Tls(format!("cannot read sslrootcert {path}: {e}")))?;
            let cert = Certificate::from_pem(&pem)
                .map_err(|e| TeamError::Tls(format!("sslrootcert {path} is not a PEM certificate: {e}")))?;
            builder.add_root_certificate(cert);
        }
        match mode {
            TlsMode::Prefer | TlsMode::Require => {
                builder.danger_accept_invalid_certs(true).danger_accept_invalid_hostnames(true);
            }
            TlsMode::VerifyCa => {
                builder.danger_accept_invalid_hostnames(true);
            }
            TlsMode::VerifyFull | TlsMode::Disable => {}
        }
        let connector = builder.build().map_err(|e| TeamError::Tls(e.to_string()))?;
        Ok(MakeTlsConnector::new(connector))
    }

    /// Turns a connection error into one of the clear cases.
    pub fn classify(&self, e: postgres::Error) -> TeamError {
        classify(e, &self.server(), self.login().unwrap_or(""))
    }
}

/// Turns a server error into one of the clear cases.
pub fn classify(e: postgres::Error, server: &str, login: &str) -> TeamError {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        return match code {
            // invalid_password, invalid_authorization_specification
            "28P01" => TeamError::WrongPassword { login: login.to_string() },
            "28000" if db.message().contains("not permitted to log in") => {
                TeamError::Revoked { login: login.to_string() }
            }
            "28000" => TeamError::WrongPassword { login: login.to_string() },
            // admin_shutdown, crash_shutdown, cannot_connect_now
            "57P01" | "57P02" | "57P03" => {
                TeamError::Unreachable { server: server.to_string(), reason: db.message().to_string() }
            }
            "3D000" => {
                TeamError::Server(format!("the database of {server} does not exist: {}", db.message()))
            }
            _ => TeamError::Server(format!("{} ({code})", db.message())),
        };
    }
    let text = e.to_string();
    let source = std::error::Error::source(&e).map(|s| s.to_string()).unwrap_or_default();
    if text.contains("tls")
        || source.contains("certificate")
        || source.contains("ssl")
        || source.contains("SSL")
    {
        return TeamError::Tls(format!("{server}: {text}: {source}"));
    }
    if e.is_closed()
        || text.contains("error connecting")
        || text.contains("timed out")
        || text.contains("closed")
    {
        return TeamError::Unreachable {
            server: server.to_string(),
            reason: if source.is_empty() { text } else { source },
        };
    }
    TeamError::Server(if source.is_empty() { text } else { format!("{text}: {source}") })
}

/// The URL with its password replaced by `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (auth, host) = match rest.rsplit_once('@') {
        Some((a, h)) => (Some(a), h),
        None => (None, rest),
    };
    match auth {
        Some(a) => match a.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => format!("{scheme}://{a}@{host}"),
        },
        None => url.to_string(),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes a URL component (login names and generated passwords).
pub fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
