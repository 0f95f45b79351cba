//! Settings, layered with figment.
//!
//! Lowest to highest: built-in defaults < `confradar.toml` (or the file named
//! by `CONFRADAR_CONFIG`) < `.env` < environment (`DATABASE_URL`,
//! `CONFRADAR_*`, nested keys with `__`, e.g. `CONFRADAR_DATABASE__MAX_CONNECTIONS`)
//! < command-line flags (merged last by the caller through [`Settings::figment`]).

use std::fmt;
use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::value::{Dict, Map, Value};
use figment::{Figment, Profile, Provider};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The default database: PostgreSQL, as decided for deployments.
pub const DEFAULT_DATABASE_URL: &str = "postgres://confradar:confradar@localhost:5432/confradar";

/// Every setting ConfRadar reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Where the knowledge base lives: `postgres://…`, `sqlite://FILE` or `mysql://…`.
    pub database_url: DatabaseUrl,
    /// Connection pool tuning.
    pub database: PoolSettings,
    /// How pages are fetched (`[fetch]`).
    pub fetch: crate::fetch::FetchSettings,
    /// How crawls are scheduled (`[crawl]`).
    pub crawl: crate::pipeline::CrawlSettings,
    /// How `serve` protects itself from slow, large or too many requests (`[serve]`).
    pub serve: crate::publish::http::ServeSettings,
    /// Webhooks that get each run's deadline changes (`notify = ["https://…"]`; `--notify` adds more).
    pub notify: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: DatabaseUrl(DEFAULT_DATABASE_URL.to_string()),
            database: PoolSettings::default(),
            fetch: crate::fetch::FetchSettings::default(),
            crawl: crate::pipeline::CrawlSettings::default(),
            serve: crate::publish::http::ServeSettings::default(),
            notify: Vec::new(),
        }
    }
}

/// Connection pool settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct PoolSettings {
    /// Most connections open at once.
    pub max_connections: u32,
    /// Connections kept open when idle.
    pub min_connections: u32,
    /// Seconds to wait for a new connection.
    pub connect_timeout_secs: u64,
    /// Seconds to wait for a free pooled connection.
    pub acquire_timeout_secs: u64,
    /// Seconds before an idle connection is closed.
    pub idle_timeout_secs: u64,
    /// SQLite: milliseconds a writer waits for the lock before giving up.
    pub sqlite_busy_timeout_ms: u64,
    /// Apply pending migrations automatically on SQLite (the embedded database).
    pub sqlite_auto_migrate: bool,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self {
            max_connections: 10,
            min_connections: 0,
            connect_timeout_secs: 5,
            acquire_timeout_secs: 10,
            idle_timeout_secs: 300,
            sqlite_busy_timeout_ms: 5_000,
            sqlite_auto_migrate: true,
        }
    }
}

impl Settings {
    /// The layered figment without flags: defaults, the config file, `.env`
    /// in the working directory, then the environment. Merge flags on top
    /// and call [`Settings::from_figment`].
    pub fn figment(config_file: Option<&Path>) -> Figment {
        let file: PathBuf = config_file
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("confradar.toml"));
        Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::file(file))
            .merge(DotEnv::new(".env"))
            .merge(
                Env::prefixed("CONFRADAR_")
                    .split("__")
                    .ignore(&["config", "log"]),
            )
            .merge(
                Env::raw()
                    .only(&["DATABASE_URL"])
                    .map(|_| "database_url".into()),
            )
    }

    /// Extracts settings from a figment.
    ///
    /// # Errors
    /// [`Error::Settings`] naming the key and where it came from.
    pub fn from_figment(figment: &Figment) -> Result<Self> {
        figment.extract().map_err(|e| Error::Settings(Box::new(e)))
    }

    /// Loads settings from every layer but flags.
    ///
    /// # Errors
    /// [`Error::Settings`] when a layer holds a bad value.
    pub fn load(config_file: Option<&Path>) -> Result<Self> {
        Self::from_figment(&Self::figment(config_file))
    }
}

/// A database URL whose password never prints: `Debug` and `Display` show it
/// redacted, so it can go in logs and errors safely.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    /// Wraps a URL.
    pub fn new(url: impl Into<String>) -> Self {
        Self(url.into())
    }

    /// The real URL, password included: only for connecting.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The URL with any password replaced by `***`.
    pub fn redacted(&self) -> String {
        redact_url(&self.0)
    }

    /// The password, if the URL has one (to scrub it from driver messages).
    pub fn password(&self) -> Option<String> {
        url::Url::parse(&self.0)
            .ok()
            .and_then(|u| u.password().map(str::to_string))
            .filter(|p| !p.is_empty())
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Replaces the password of a URL with `***`; leaves other text alone.
///
/// ```
/// use confradar_core::settings::redact_url;
/// assert_eq!(redact_url("postgres://me:s3cret@db/x"), "postgres://me:***@db/x");
/// assert_eq!(redact_url("sqlite://confradar.db"), "sqlite://confradar.db");
/// ```
pub fn redact_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let password = parsed.password().unwrap_or_default().to_string();
            if parsed.set_password(Some("***")).is_ok() {
                // The password may come again later in the URL (in its query,
                // say): every copy goes, not only the one in the userinfo.
                // (A short one only where it reads as userinfo, ":pw@", so
                // that a password "a" does not blank every letter a.)
                let printed = parsed
                    .to_string()
                    .replace(&format!(":{password}@"), ":***@");
                if password.len() > 3 {
                    printed.replace(&password, "***")
                } else {
                    printed
                }
            } else {
                "<unparseable database URL>".to_string()
            }
        }
        Ok(_) => raw.to_string(),
        // Unparseable: hide everything between "://" and "@" in case it holds a secret.
        Err(_) => match (raw.find("://"), raw.rfind('@')) {
            (Some(start), Some(at)) if at > start => {
                format!("{}://***{}", &raw[..start], &raw[at..])
            }
            _ => raw.to_string(),
        },
    }
}

/// A `.env` file as a figment provider: `DATABASE_URL` and `CONFRADAR_*`
/// only, ranked between the config file and the real environment (figment
/// has no `.env` provider of its own, and loading it into the process
/// environment would rank it above the real one).
struct DotEnv {
    path: PathBuf,
}

impl DotEnv {
    fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }
}

impl Provider for DotEnv {
    fn metadata(&self) -> figment::Metadata {
        figment::Metadata::named(format!(".env file {}", self.path.display()))
    }

    fn data(&self) -> std::result::Result<Map<Profile, Dict>, figment::Error> {
        let mut env = Figment::new();
        if let Ok(text) = std::fs::read_to_string(&self.path) {
            let mut pairs: Vec<(String, String)> = Vec::new();
            for line in text.lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let line = line.strip_prefix("export ").unwrap_or(line);
                if let Some((key, value)) = line.split_once('=') {
                    let value = value.trim().trim_matches('"').trim_matches('\'');
                    pairs.push((key.trim().to_string(), value.to_string()));
                }
            }
            let mut dict = Dict::new();
            for (key, value) in &pairs {
                if key == "DATABASE_URL" {
                    dict.insert("database_url".into(), Value::from(value.clone()));
                }
            }
            env = env.merge(Serialized::defaults(dict));
            let prefixed: Vec<(String, String)> = pairs
                .into_iter()
                .filter_map(|(k, v)| {
                    k.strip_prefix("CONFRADAR_")
                        .map(|rest| (rest.to_ascii_lowercase(), v))
                })
                .filter(|(k, _)| k != "config" && k != "log")
                .collect();
            for (key, value) in prefixed {
                let path = key.replace("__", ".");
                env = env.merge(Serialized::default(&path, parse_scalar(&value)));
            }
        }
        env.data()
    }
}

/// `.env` values are strings; numbers and booleans are parsed like figment's `Env` does.
fn parse_scalar(value: &str) -> Value {
    value
        .parse::<Value>()
        .unwrap_or_else(|_| Value::from(value.to_string()))
}

#[cfg(test)]
// figment's Jail returns figment::Error, which is large by design.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;

    #[test]
    fn layers_rank_defaults_file_dotenv_env() {
        figment::Jail::expect_with(|jail| {
            let s = Settings::load(None).map_err(|e| e.to_string())?;
            assert_eq!(s.database_url.expose(), DEFAULT_DATABASE_URL);

            jail.create_file(
                "confradar.toml",
                "database_url = \"sqlite://from-file.db\"\n[database]\nmax_connections = 3\n",
            )?;
            let s = Settings::load(None).map_err(|e| e.to_string())?;
            assert_eq!(s.database_url.expose(), "sqlite://from-file.db");
            assert_eq!(s.database.max_connections, 3);

            jail.create_file(
                ".env",
                "DATABASE_URL=sqlite://from-dotenv.db\nCONFRADAR_DATABASE__MAX_CONNECTIONS=4\n",
            )?;
            let s = Settings::load(None).map_err(|e| e.to_string())?;
            assert_eq!(s.database_url.expose(), "sqlite://from-dotenv.db");
            assert_eq!(s.database.max_connections, 4);

            jail.set_env("DATABASE_URL", "sqlite://from-env.db");
            jail.set_env("CONFRADAR_DATABASE__MAX_CONNECTIONS", "5");
            let s = Settings::load(None).map_err(|e| e.to_string())?;
            assert_eq!(s.database_url.expose(), "sqlite://from-env.db");
            assert_eq!(s.database.max_connections, 5);
            Ok(())
        });
    }

    #[test]
    fn a_bad_value_names_the_key() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("confradar.toml", "[database]\nmax_connections = \"many\"\n")?;
            let err = Settings::load(None)
                .expect_err("a string is no number")
                .to_string();
            assert!(err.contains("max_connections"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn passwords_never_print() {
        let url = DatabaseUrl::new("postgres://confradar:hunter2@db:5432/confradar");
        assert!(!format!("{url:?}").contains("hunter2"));
        assert!(!format!("{url}").contains("hunter2"));
        assert_eq!(url.password().as_deref(), Some("hunter2"));
        let settings = Settings {
            database_url: url,
            ..Settings::default()
        };
        assert!(!format!("{settings:?}").contains("hunter2"));
    }

    /// Found by fuzzing (`database_url`): a password repeated in the query
    /// survived the redaction of the userinfo.
    #[test]
    fn a_password_repeated_later_in_the_url_is_hidden_too() {
        let raw = "mariadb://a:b%40c@host/db?ssqliteue//a:b%40c@host";
        let url = DatabaseUrl::new(raw);
        assert!(!url.redacted().contains("b%40c"), "{}", url.redacted());
        assert_eq!(url.redacted(), redact_url(raw));
        let plain = redact_url("postgres://me:hunter2@db/x?note=hunter2");
        assert_eq!(plain, "postgres://me:***@db/x?note=***");
        let short = redact_url("mysql://u:ab@h/d?x=//u:ab@h");
        assert!(!short.contains(":ab@"), "{short}");
    }
}
