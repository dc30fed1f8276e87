//! What the tests that run the built `r1-server` binary share: a throwaway
//! PostgreSQL cluster of their own (made by `scripts/pg-cluster.sh`, stopped
//! and started at will), the server process, and plain HTTP/1.1 over
//! loopback with a timeout on every request.

#![allow(dead_code)]

use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    os::unix::fs::PermissionsExt,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::Value;

/// No request of these tests waits longer for its answer.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn scripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts")
}

/// A PostgreSQL cluster in a temporary folder, on its own loopback port.
pub struct Cluster {
    dir: tempfile::TempDir,
    pub port: u16,
    pub url: String,
}

impl Cluster {
    pub fn start() -> Cluster {
        let dir = tempfile::tempdir().unwrap();
        // As root the cluster runs as an unprivileged user, who must reach it.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let port = free_port();
        let mut cluster = Cluster {
            dir,
            port,
            url: String::new(),
        };
        cluster.url = cluster.up();
        cluster
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Starts (or first creates) the cluster; its DATABASE_URL.
    pub fn up(&self) -> String {
        let out = Command::new(scripts().join("pg-cluster.sh"))
            .arg(self.data())
            .arg(self.port.to_string())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg-cluster.sh: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    /// Stops the cluster as an operator does (`-m fast`: connections cut,
    /// committed work flushed). Not `immediate`: the throwaway cluster runs
    /// with `synchronous_commit=off`, so a crash of PostgreSQL itself may
    /// drop its last commits whatever r1 does.
    pub fn down(&self) {
        let status = self.pg_ctl(&["-m", "fast", "-w", "stop"]);
        assert!(status, "pg_ctl stop failed");
    }

    fn pg_ctl(&self, args: &[&str]) -> bool {
        let pg_ctl = pg_bin("pg_ctl");
        let data = self.data();
        let mut cmd = if nix::unistd::geteuid().is_root() {
            let owner = std::fs::metadata(&data).map(|m| std::os::unix::fs::MetadataExt::uid(&m));
            let user = nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(owner.unwrap()))
                .ok()
                .flatten()
                .map(|u| u.name)
                .unwrap_or_else(|| "postgres".into());
            let mut c = Command::new("runuser");
            c.args(["-u", &user, "--"]).arg(pg_ctl);
            c
        } else {
            Command::new(pg_ctl)
        };
        cmd.arg("-D")
            .arg(&data)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.pg_ctl(&["-m", "immediate", "stop"]);
    }
}

fn pg_bin(name: &str) -> PathBuf {
    if let Ok(out) = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
    {
        let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !path.is_empty() {
            return PathBuf::from(path);
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path().join("bin").join(name))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found.pop().unwrap_or_else(|| PathBuf::from(name))
}

/// The running binary, its log in a file.
pub struct Server {
    child: Option<Child>,
    pub addr: String,
    pub log: PathBuf,
    _logdir: tempfile::TempDir,
}

impl Server {
    /// Starts `r1-server` on `database_url` with `env` and waits until it is
    /// healthy.
    pub fn start(database_url: &str, env: &[(&str, &str)]) -> Server {
        let logdir = tempfile::tempdir().unwrap();
        let log = logdir.path().join("server.log");
        let addr = format!("127.0.0.1:{}", free_port());
        let mut server = Server {
            child: None,
            addr,
            log,
            _logdir: logdir,
        };
        server.spawn(database_url, env);
        server
    }

    fn spawn(&mut self, database_url: &str, env: &[(&str, &str)]) {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_r1-server"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DATABASE_URL", database_url)
            .env("R1_ADDR", &self.addr)
            .env("R1_RATE_LIMIT_TENANT_BURST", "100000")
            .env("R1_RATE_LIMIT_TENANT_PER_SECOND", "100000");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .stdin(Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .spawn()
            .unwrap();
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Some((200, _)) = try_request(&self.addr, "GET", "/_r1/health", &[], None) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("r1-server did not become healthy: {}", self.log_text());
    }

    /// SIGKILL: no shutdown of any kind.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    /// Starts it again on the same address and database.
    pub fn restart(&mut self, database_url: &str, env: &[(&str, &str)]) {
        self.kill();
        self.spawn(database_url, env);
    }

    /// SIGTERM, and waits for the exit (the log is then complete).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let deadline = Instant::now() + Duration::from_secs(20);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> (u16, Value) {
        try_request(&self.addr, method, path, headers, body)
            .unwrap_or_else(|| panic!("{method} {path}: no answer within {REQUEST_TIMEOUT:?}"))
    }

    /// A bearer token of the bootstrap client.
    pub fn token(&self, secret: &str) -> String {
        let body =
            format!("grant_type=client_credentials&client_id=r1-client&client_secret={secret}");
        let (status, answer) = self.request(
            "POST",
            "/oauth2/token/00000000000000000000000000000001",
            &[("content-type", "application/x-www-form-urlencoded")],
            Some(&body),
        );
        assert_eq!(status, 200, "{answer}");
        answer["access_token"].as_str().unwrap().to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One request over its own connection; `None` when no answer came in time.
pub fn try_request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Option<(u16, Value)> {
    let mut stream = TcpStream::connect_timeout(&addr.parse().ok()?, REQUEST_TIMEOUT).ok()?;
    stream.set_read_timeout(Some(REQUEST_TIMEOUT)).ok()?;
    stream.set_write_timeout(Some(REQUEST_TIMEOUT)).ok()?;
    let body = body.unwrap_or("");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: r1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        && !body.is_empty()
    {
        head.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body.as_bytes()).ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok()?;
    let text = String::from_utf8_lossy(&answer);
    let status = text.split(' ').nth(1)?.parse().ok()?;
    let (head, rest) = text.split_once("\r\n\r\n")?;
    let rest = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(rest)
    } else {
        rest.to_string()
    };
    Some((status, serde_json::from_str(&rest).unwrap_or(Value::Null)))
}

fn dechunk(mut text: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = text.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        text = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// `Authorization: Bearer <token>`.
pub fn bearer(token: &str) -> (&'static str, String) {
    ("authorization", format!("Bearer {token}"))
}
