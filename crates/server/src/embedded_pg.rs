//! The PostgreSQL cluster r1 supervises when no `DATABASE_URL` is given: made
//! with the machine's own `initdb`/`pg_ctl`, kept in a data folder that
//! persists across restarts (or a temporary one), listening on loopback only,
//! and stopped when r1 stops. initdb refuses to run as root, so as root the
//! cluster runs as the `postgres` user (or `nobody`). That user cannot pass
//! through a private home folder (`/root` is mode 700): then the default data
//! folder moves under [`SHARED_ROOT`], and the log says where.

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
    #[error(
        "the data folder {0} is not reachable by the user {1}, which runs PostgreSQL: \
         {2} does not let other users pass. Set R1_DATA_DIR (or --data-dir) to a folder \
         it can reach, or allow passing with `chmod o+x {2}`"
    )]
    Unreachable(PathBuf, String, PathBuf),
    #[error("{0}: {1}")]
    Io(String, #[source] std::io::Error),
    #[error("{command} failed: {output}")]
    Command { command: String, output: String },
}

/// Where a root-run r1 keeps the cluster when the default data folder sits
/// behind a folder the database user cannot pass.
pub const SHARED_ROOT: &str = "/var/lib/r1";

/// The data folder the cluster is asked to live in.
#[derive(Debug, Clone, Copy)]
pub enum DataFolder<'a> {
    /// The region's default (`.r1/<region>`): moved when unreachable.
    Default(&'a Path),
    /// Chosen by the user (`R1_DATA_DIR`, `--data-dir`): used as it is.
    Chosen(&'a Path),
    /// A temporary folder, removed at exit (`--ephemeral`).
    Ephemeral,
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
    pub fn start(folder: DataFolder<'_>) -> Result<Self, EmbeddedError> {
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

        let (base, temp) = match folder {
            DataFolder::Ephemeral => {
                let temp = tempfile::Builder::new()
                    .prefix("r1-pg-")
                    .tempdir()
                    .map_err(io("creating a temporary data folder"))?;
                (temp.path().to_path_buf(), Some(temp))
            }
            DataFolder::Default(dir) | DataFolder::Chosen(dir) => {
                let user = run_as.as_ref().map(|(_, _, name)| name.as_str());
                (place(folder, dir, user, Path::new(SHARED_ROOT))?, None)
            }
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
            if let Some(blocked) = blocking_folder(&base)? {
                return Err(EmbeddedError::Unreachable(base, name.clone(), blocked));
            }
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

/// The folder the cluster lives in, made if missing. As root (`user` is the
/// database user) every folder above it must let that user pass; a default
/// folder that does not is replaced by one under `shared_root`, named after
/// it so each checkout and region keeps its own cluster across restarts.
fn place(
    folder: DataFolder<'_>,
    dir: &Path,
    user: Option<&str>,
    shared_root: &Path,
) -> Result<PathBuf, EmbeddedError> {
    std::fs::create_dir_all(dir).map_err(io(format!("creating {}", dir.display())))?;
    let base = dir
        .canonicalize()
        .map_err(io(format!("reading {}", dir.display())))?;
    let Some(user) = user else {
        return Ok(base);
    };
    let Some(blocked) = blocking_folder(&base)? else {
        return Ok(base);
    };
    if let DataFolder::Chosen(_) = folder {
        return Err(EmbeddedError::Unreachable(base, user.to_string(), blocked));
    }
    let name = base
        .to_string_lossy()
        .trim_start_matches('/')
        .replace('/', "_");
    let moved = shared_root.join(name);
    std::fs::create_dir_all(&moved).map_err(io(format!("creating {}", moved.display())))?;
    std::fs::set_permissions(shared_root, std::fs::Permissions::from_mode(0o755)).map_err(io(
        format!("setting permissions of {}", shared_root.display()),
    ))?;
    if let Some(blocked) = blocking_folder(&moved)? {
        return Err(EmbeddedError::Unreachable(moved, user.to_string(), blocked));
    }
    tracing::warn!(
        "the default data folder {} is not reachable by the user {user}, which runs PostgreSQL \
         ({} does not let other users pass): keeping the cluster in {} instead \
         (set R1_DATA_DIR to choose another folder)",
        base.display(),
        blocked.display(),
        moved.display(),
    );
    Ok(moved)
}

/// The first folder above `base` that does not let other users pass, if
/// any: the unprivileged PostgreSQL user cannot reach its data through it.
fn blocking_folder(base: &Path) -> Result<Option<PathBuf>, EmbeddedError> {
    for dir in base.ancestors().skip(1) {
        let mode = std::fs::metadata(dir)
            .map_err(io(format!("reading {}", dir.display())))?
            .permissions()
            .mode();
        if mode & 0o001 == 0 {
            return Ok(Some(dir.to_path_buf()));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder standing for `/root` (mode 700) with a checkout inside, and a
    /// shared root the database user can reach.
    fn private_home() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let home = tmp.path().join("root");
        std::fs::create_dir(&home).unwrap();
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
        let shared = tmp.path().join("shared");
        (tmp, home, shared)
    }

    #[test]
    fn a_default_folder_in_a_private_home_moves_to_the_shared_root() {
        let (_tmp, home, shared) = private_home();
        let dir = home.join("r1/.r1/na");
        let placed = place(DataFolder::Default(&dir), &dir, Some("postgres"), &shared).unwrap();
        assert!(placed.starts_with(&shared), "{}", placed.display());
        assert!(placed.is_dir());
        assert_eq!(blocking_folder(&placed).unwrap(), None);
        // The same default folder lands in the same place on the next start.
        let again = place(DataFolder::Default(&dir), &dir, Some("postgres"), &shared).unwrap();
        assert_eq!(again, placed);
        let eu = home.join("r1/.r1/eu");
        let other = place(DataFolder::Default(&eu), &eu, Some("postgres"), &shared).unwrap();
        assert_ne!(other, placed);
    }

    #[test]
    fn a_chosen_folder_in_a_private_home_is_an_error_naming_the_blocking_folder() {
        let (_tmp, home, shared) = private_home();
        let dir = home.join("data");
        let err = place(DataFolder::Chosen(&dir), &dir, Some("postgres"), &shared).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, EmbeddedError::Unreachable(..)), "{text}");
        assert!(text.contains("R1_DATA_DIR"), "{text}");
        assert!(
            text.contains(&home.canonicalize().unwrap().display().to_string()),
            "{text}"
        );
        assert!(!shared.exists());
    }

    #[test]
    fn reachable_folders_and_non_root_runs_stay_where_they_are() {
        let (tmp, home, shared) = private_home();
        let open = tmp.path().join("open/.r1/na");
        let placed = place(DataFolder::Default(&open), &open, Some("postgres"), &shared).unwrap();
        assert_eq!(placed, open.canonicalize().unwrap());
        let private = home.join(".r1/na");
        let placed = place(DataFolder::Default(&private), &private, None, &shared).unwrap();
        assert_eq!(placed, private.canonicalize().unwrap());
        assert!(!shared.exists());
    }
}
