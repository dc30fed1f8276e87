//! Configuration: `config/default.toml`, then the region's file, then `R1_*`
//! environment variables. The files are compiled in so the binary runs from
//! any folder; `R1_CONFIG_FILE` lays one more file over them.

use std::{
    fmt,
    path::{Path, PathBuf},
    str::FromStr,
};

use serde::Deserialize;

const DEFAULT: &str = include_str!("../../../config/default.toml");
const NA: &str = include_str!("../../../config/na.toml");
const EU: &str = include_str!("../../../config/eu.toml");
const ASIA: &str = include_str!("../../../config/asia.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    Na,
    Eu,
    Asia,
}

impl Region {
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Na => "na",
            Region::Eu => "eu",
            Region::Asia => "asia",
        }
    }

    /// The vendor host this region stands in for.
    pub fn vendor_host(self) -> &'static str {
        match self {
            Region::Na => "api.ruckus.cloud",
            Region::Eu => "api.eu.ruckus.cloud",
            Region::Asia => "api.asia.ruckus.cloud",
        }
    }

    fn file(self) -> &'static str {
        match self {
            Region::Na => NA,
            Region::Eu => EU,
            Region::Asia => ASIA,
        }
    }
}

impl FromStr for Region {
    type Err = ConfigError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "na" => Ok(Region::Na),
            "eu" => Ok(Region::Eu),
            "asia" => Ok(Region::Asia),
            other => Err(ConfigError(format!(
                "R1_REGION must be na, eu or asia, not {other:?}"
            ))),
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub region: Region,
    pub addr: String,
    /// `None` means: start the embedded PostgreSQL.
    #[serde(default)]
    pub database_url: Option<String>,
    pub data_dir: PathBuf,
    pub ephemeral: bool,
    pub log_format: LogFormat,
    pub jwt_secret: String,
    pub token_ttl_secs: u64,
    pub admin_token: String,
    pub bootstrap_tenant_id: String,
    pub bootstrap_tenant_name: String,
    pub bootstrap_client_id: String,
    pub bootstrap_client_secret: String,
    pub async_delay_ms: u64,
    pub body_limit_bytes: usize,
    /// After SIGTERM, how long in-flight requests may take before the
    /// process exits anyway.
    pub shutdown_grace_secs: u64,
    pub rate_limit_tenant_burst: u32,
    pub rate_limit_tenant_per_second: u32,
    pub rate_limit_property_burst: u32,
    pub rate_limit_property_per_second: u32,
    /// Remember the per-request tenant check between changes
    /// (r1_core::access).
    pub access_cache: bool,
    /// Remember query totals until a write to what they count
    /// (r1_core::totals).
    pub totals_cache: bool,
}

/// The tenant created on first start unless `R1_BOOTSTRAP_TENANT_ID` says
/// otherwise (the value in `config/default.toml`).
pub const DEFAULT_BOOTSTRAP_TENANT_ID: &str = "00000000000000000000000000000001";

#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(String);

impl Config {
    /// Reads the files and the process environment.
    pub fn load() -> Result<Self, ConfigError> {
        Self::from_env(std::env::vars())
    }

    /// Reads the files and the given environment (tests pass their own).
    pub fn from_env(vars: impl IntoIterator<Item = (String, String)>) -> Result<Self, ConfigError> {
        let vars: Vec<(String, String)> = vars.into_iter().collect();
        let get = |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let region: Region = get("R1_REGION").as_deref().unwrap_or("na").parse()?;

        let mut builder = config::Config::builder()
            .add_source(config::File::from_str(DEFAULT, config::FileFormat::Toml))
            .add_source(config::File::from_str(
                region.file(),
                config::FileFormat::Toml,
            ));
        if let Some(path) = get("R1_CONFIG_FILE") {
            builder = builder.add_source(config::File::with_name(&path));
        }
        let env: config::Map<String, String> = vars
            .iter()
            .filter(|(k, _)| k.starts_with("R1_"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        builder = builder.add_source(
            config::Environment::with_prefix("R1")
                .prefix_separator("_")
                // Every value stays a string until its field's type reads it:
                // with parsing on, an all-digit tenant id, secret or token
                // became a number and lost its leading zeros.
                .try_parsing(false)
                .source(Some(env)),
        );
        if let Some(url) = get("DATABASE_URL").filter(|u| !u.is_empty()) {
            builder = builder
                .set_override("database_url", url)
                .map_err(|e| ConfigError(e.to_string()))?;
        }
        let config: Config = builder
            .build()
            .and_then(|c| c.try_deserialize())
            .map_err(|e| ConfigError(e.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    /// Whether the data folder is the region's default (`.r1/<region>`),
    /// not one the user chose: only the default may be moved elsewhere.
    pub fn data_dir_is_default(&self) -> bool {
        self.data_dir == Path::new(".r1").join(self.region.as_str())
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if !crate::ids::is_tenant_id(&self.bootstrap_tenant_id) {
            return Err(ConfigError(format!(
                "R1_BOOTSTRAP_TENANT_ID must be 32 lowercase hex characters, not {:?}",
                self.bootstrap_tenant_id
            )));
        }
        if self.rate_limit_tenant_burst == 0
            || self.rate_limit_tenant_per_second == 0
            || self.rate_limit_property_burst == 0
            || self.rate_limit_property_per_second == 0
        {
            return Err(ConfigError("rate limits must be at least 1".into()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_are_north_america_on_8080_with_embedded_database() {
        let c = Config::from_env(env(&[])).unwrap();
        assert_eq!(c.region, Region::Na);
        assert_eq!(c.addr, "127.0.0.1:8080");
        assert_eq!(c.database_url, None);
        assert_eq!(c.rate_limit_tenant_burst, 200);
        assert_eq!(c.rate_limit_tenant_per_second, 100);
        assert!(c.access_cache);
        assert!(c.totals_cache);
        assert_eq!(c.bootstrap_tenant_id, DEFAULT_BOOTSTRAP_TENANT_ID);
        assert!(c.data_dir_is_default());
    }

    /// Every setting, given through the environment, arrives as written:
    /// all-digit strings keep their leading zeros and stay strings.
    #[test]
    fn every_setting_is_read_from_the_environment() {
        let c = Config::from_env(env(&[
            ("R1_REGION", "asia"),
            ("R1_ADDR", "127.0.0.1:9999"),
            ("R1_DATA_DIR", "/srv/r1"),
            ("R1_EPHEMERAL", "true"),
            ("R1_LOG_FORMAT", "json"),
            ("R1_JWT_SECRET", "0123456789"),
            ("R1_TOKEN_TTL_SECS", "60"),
            ("R1_ADMIN_TOKEN", "000123"),
            ("R1_BOOTSTRAP_TENANT_ID", "00000000000000000000000000000001"),
            ("R1_BOOTSTRAP_TENANT_NAME", "1234"),
            ("R1_BOOTSTRAP_CLIENT_ID", "007"),
            ("R1_BOOTSTRAP_CLIENT_SECRET", "0000000000000000"),
            ("R1_ASYNC_DELAY_MS", "250"),
            ("R1_BODY_LIMIT_BYTES", "1024"),
            ("R1_SHUTDOWN_GRACE_SECS", "3"),
            ("R1_RATE_LIMIT_TENANT_BURST", "5"),
            ("R1_RATE_LIMIT_TENANT_PER_SECOND", "6"),
            ("R1_RATE_LIMIT_PROPERTY_BURST", "7"),
            ("R1_RATE_LIMIT_PROPERTY_PER_SECOND", "8"),
            ("R1_ACCESS_CACHE", "false"),
            ("R1_TOTALS_CACHE", "false"),
            ("DATABASE_URL", "postgres://r1@127.0.0.1:5432/r1"),
        ]))
        .unwrap();
        assert_eq!(c.region, Region::Asia);
        assert_eq!(c.addr, "127.0.0.1:9999");
        assert_eq!(c.data_dir, PathBuf::from("/srv/r1"));
        assert!(!c.data_dir_is_default());
        assert!(c.ephemeral);
        assert_eq!(c.log_format, LogFormat::Json);
        assert_eq!(c.jwt_secret, "0123456789");
        assert_eq!(c.token_ttl_secs, 60);
        assert_eq!(c.admin_token, "000123");
        assert_eq!(c.bootstrap_tenant_id, "00000000000000000000000000000001");
        assert_eq!(c.bootstrap_tenant_name, "1234");
        assert_eq!(c.bootstrap_client_id, "007");
        assert_eq!(c.bootstrap_client_secret, "0000000000000000");
        assert_eq!(c.async_delay_ms, 250);
        assert_eq!(c.body_limit_bytes, 1024);
        assert_eq!(c.shutdown_grace_secs, 3);
        assert_eq!(c.rate_limit_tenant_burst, 5);
        assert_eq!(c.rate_limit_tenant_per_second, 6);
        assert_eq!(c.rate_limit_property_burst, 7);
        assert_eq!(c.rate_limit_property_per_second, 8);
        assert!(!c.access_cache);
        assert!(!c.totals_cache);
        assert_eq!(
            c.database_url.as_deref(),
            Some("postgres://r1@127.0.0.1:5432/r1")
        );
    }

    #[test]
    fn numbers_and_switches_that_do_not_read_are_refused_by_name() {
        let err = Config::from_env(env(&[("R1_TOKEN_TTL_SECS", "soon")])).unwrap_err();
        assert!(err.to_string().contains("token_ttl_secs"), "{err}");
        let err = Config::from_env(env(&[("R1_EPHEMERAL", "maybe")])).unwrap_err();
        assert!(err.to_string().contains("ephemeral"), "{err}");
    }

    #[test]
    fn region_file_then_environment_override() {
        let c = Config::from_env(env(&[
            ("R1_REGION", "eu"),
            ("R1_ADDR", "0.0.0.0:9000"),
            ("R1_ASYNC_DELAY_MS", "1500"),
            ("DATABASE_URL", "postgres://x@y/z"),
        ]))
        .unwrap();
        assert_eq!(c.region, Region::Eu);
        assert_eq!(c.data_dir, PathBuf::from(".r1/eu"));
        assert_eq!(c.addr, "0.0.0.0:9000");
        assert_eq!(c.async_delay_ms, 1500);
        assert_eq!(c.database_url.as_deref(), Some("postgres://x@y/z"));
    }

    #[test]
    fn unknown_region_and_bad_tenant_id_are_refused() {
        assert!(Config::from_env(env(&[("R1_REGION", "mars")])).is_err());
        assert!(Config::from_env(env(&[("R1_BOOTSTRAP_TENANT_ID", "xyz")])).is_err());
    }
}
