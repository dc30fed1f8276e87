//! The PostgreSQL cluster r1 supervises when no `DATABASE_URL` is given: made
//! with the machine's own `initdb`/`pg_ctl`, kept in a data folder that
//! persists across restarts (or a temporary one), listening on loopback only,
//! and stopped when r1 stops. initdb refuses to run as root, so as root the
//! cluster runs as the `postgres` user (or `nobody`).

use std::{
    os::unix::{fs::PermissionsExt, process::CommandExt},
    path::{Path, PathBuf},
    process::Command,
};

use nix::unistd::{chown, geteuid, Gid, Uid, User};

#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error(
        "no PostgreSQL found: neither initdb/pg_ctl on PATH nor /usr/lib/postgresql/*/bin. \
         Install PostgreSQL (for example `apt-get install postgresql`) or set DATABASE_URL"
    )]
    NotInstalled,
    #[error(
        "running as root, but neither a `postgres` nor a `nobody` user exists to run PostgreSQL"
    )]
    NoUnprivilegedUser,
    #[error("the data folder {0} is not reachable by the user {1}: set R1_DATA_DIR to a folder it can reach")]
    Unreachable(PathBuf, String),
    #[error("{0}: {1}")]
    Io(String, #[source] std::io::Error),
    #[error("{command} failed: {output}")]
    Command { command: String, output: String },
}

pub struct EmbeddedPostgres {
    bindir: PathBuf,
    pgdata: PathBuf,
    port: u16,
    run_as: Option<(Uid, Gid, String)>,
    // Removed on drop, after the cluster is stopped.
    _temp: Option<tempfile::TempDir>,
}

fn find_bindir() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .find(|dir| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file())
    });
    on_path.or_else(|| {
        let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("bin"))
            .filter(|bin| bin.join("initdb").is_file())
            .collect();
        // The newest major version installed.
        found.sort_by_key(|p| {
            p.parent()
                .and_then(|v| v.file_name())
                .and_then(|v| v.to_str())
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(0)
        });
        found.pop()
    })
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> EmbeddedError {
    let what = what.into();
    move |e| EmbeddedError::Io(what, e)
}

impl EmbeddedPostgres {
    /// Initialises the cluster if needed and starts it.
    pub fn start(data_dir: &Path, ephemeral: bool) -> Result<Self, EmbeddedError> {
        let bindir = find_bindir().ok_or(EmbeddedError::NotInstalled)?;
        let run_as = if geteuid().is_root() {
            let user = User::from_name("postgres")
                .ok()
                .flatten()
                .or_else(|| User::from_name("nobody").ok().flatten())
                .ok_or(EmbeddedError::NoUnprivilegedUser)?;
            Some((user.uid, user.gid, user.name))
        } else {
            None
        };

        let (base, temp) = if ephemeral {
            let temp = tempfile::Builder::new()
                .prefix("r1-pg-")
                .tempdir()
                .map_err(io("creating a temporary data folder"))?;
            (temp.path().to_path_buf(), Some(temp))
        } else {
            std::fs::create_dir_all(data_dir)
                .map_err(io(format!("creating {}", data_dir.display())))?;
            let base = data_dir
                .canonicalize()
                .map_err(io(format!("reading {}", data_dir.display())))?;
            (base, None)
        };
        let pgdata = base.join("pgdata");
        std::fs::create_dir_all(&pgdata).map_err(io(format!("creating {}", pgdata.display())))?;
        if let Some((uid, gid, name)) = &run_as {
            for dir in [&base, &pgdata] {
                chown(dir.as_path(), Some(*uid), Some(*gid))
                    .map_err(|e| EmbeddedError::Io(format!("chown {}", dir.display()), e.into()))?;
            }
            std::fs::set_permissions(&pgdata, std::fs::Permissions::from_mode(0o700))
                .map_err(io("setting data folder permissions"))?;
            check_reachable(&base, name)?;
        }

        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(io("finding a free port"))?
            .port();
        let pg = EmbeddedPostgres {
            bindir,
            pgdata,
            port,
            run_as,
            _temp: temp,
        };
        if !pg.pgdata.join("PG_VERSION").exists() {
            tracing::info!(data = %pg.pgdata.display(), "initialising a PostgreSQL cluster");
            pg.run(
                "initdb",
                &[
                    "-D",
                    &pg.pgdata.to_string_lossy(),
                    "-U",
                    "r1",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C",
                ],
            )?;
        }
        // A cluster left running by an r1 that was killed is stopped first,
        // so this one starts on the port chosen now.
        if pg.status_running() {
            pg.stop_cluster();
        }
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''",
            pg.port
        );
        let log = pg.pgdata.join("postgres.log");
        pg.run(
            "pg_ctl",
            &[
                "-D",
                &pg.pgdata.to_string_lossy(),
                "-w",
                "-l",
                &log.to_string_lossy(),
                "-o",
                &options,
                "start",
            ],
        )?;
        tracing::info!(port = pg.port, data = %pg.pgdata.display(), "embedded PostgreSQL started");
        Ok(pg)
    }

    /// The URL of the `postgres` maintenance database.
    pub fn admin_url(&self) -> String {
        format!("postgres://r1@127.0.0.1:{}/postgres", self.port)
    }

    /// The URL of r1's own database.
    pub fn url(&self) -> String {
        format!("postgres://r1@127.0.0.1:{}/r1", self.port)
    }

    /// Creates r1's database on first start.
    pub async fn ensure_database(&self) -> Result<(), sqlx::Error> {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&self.admin_url()).await?;
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'r1')")
                .fetch_one(&mut conn)
                .await?;
        if !exists {
            sqlx::query("CREATE DATABASE r1").execute(&mut conn).await?;
        }
        conn.close().await
    }

    /// Stops the cluster (fast shutdown: sessions end, data is flushed).
    pub fn stop(self) {
        self.stop_cluster();
        tracing::info!("embedded PostgreSQL stopped");
    }

    fn stop_cluster(&self) {
        if let Err(e) = self.run(
            "pg_ctl",
            &[
                "-D",
                &self.pgdata.to_string_lossy(),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
        ) {
            tracing::warn!(error = %e, "stopping PostgreSQL");
        }
    }

    fn status_running(&self) -> bool {
        self.command("pg_ctl")
            .args(["-D", &self.pgdata.to_string_lossy(), "status"])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    }

    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(self.bindir.join(program));
        cmd.current_dir(&self.pgdata)
            // Its own process group: a Ctrl-C in the terminal reaches r1,
            // which finishes its requests before it stops PostgreSQL.
            .process_group(0);
        if let Some((uid, gid, _)) = &self.run_as {
            cmd.uid(uid.as_raw()).gid(gid.as_raw());
        }
        cmd
    }

    fn run(&self, program: &str, args: &[&str]) -> Result<(), EmbeddedError> {
        let output = self
            .command(program)
            .args(args)
            .output()
            .map_err(io(format!("running {program}")))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(EmbeddedError::Command {
                command: format!("{program} {}", args.join(" ")),
                output: format!(
                    "{}{}",
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                ),
            })
        }
    }
}

/// Every folder above the data folder must let other users pass, or the
/// unprivileged PostgreSQL user cannot reach its data.
fn check_reachable(base: &Path, user: &str) -> Result<(), EmbeddedError> {
    for dir in base.ancestors().skip(1) {
        let mode = std::fs::metadata(dir)
            .map_err(io(format!("reading {}", dir.display())))?
            .permissions()
            .mode();
        if mode & 0o001 == 0 {
            return Err(EmbeddedError::Unreachable(
                base.to_path_buf(),
                user.to_string(),
            ));
        }
    }
    Ok(())
}
