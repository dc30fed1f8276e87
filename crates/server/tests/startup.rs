//! Starting `r1-server` as a newcomer does: the binary itself, its exit and
//! what it prints when something stands in the way.

use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    os::unix::fs::PermissionsExt,
    path::Path,
    process::{Child, Command, Output, Stdio},
    time::{Duration, Instant},
};

use nix::unistd::geteuid;

fn server() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_r1-server"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn a_taken_port_is_named_with_the_settings_that_change_it_and_the_log_has_no_colour() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();

    let out = server().env("R1_ADDR", &addr).output().unwrap();
    let log = text(&out);
    assert!(!out.status.success(), "{log}");
    assert!(log.contains(&format!("cannot listen on {addr}")), "{log}");
    assert!(log.contains("R1_ADDR") && log.contains("--addr"), "{log}");
    assert!(!log.contains('\u{1b}'), "colour escapes in a pipe: {log:?}");

    // --addr wins over R1_ADDR.
    let out = server()
        .env("R1_ADDR", "127.0.0.1:1")
        .args(["--addr", &addr])
        .output()
        .unwrap();
    assert!(
        text(&out).contains(&format!("cannot listen on {addr}")),
        "{}",
        text(&out)
    );
}

#[test]
fn an_all_digit_bootstrap_tenant_id_is_accepted() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = server()
        .env("R1_ADDR", &addr)
        .env("R1_BOOTSTRAP_TENANT_ID", "00000000000000000000000000000001")
        .output()
        .unwrap();
    // It gets as far as the port, past reading its configuration.
    let log = text(&out);
    assert!(!log.contains("configuration"), "{log}");
    assert!(log.contains("cannot listen on"), "{log}");
}

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        // SIGTERM, as a service manager stops it: r1 then stops its cluster.
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn health(addr: &str) -> Option<String> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream
        .write_all(b"GET /_r1/health HTTP/1.1\r\nHost: r1\r\nConnection: close\r\n\r\n")
        .ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    Some(answer)
}

/// Root with the checkout in a private home folder (`/root` is mode 700):
/// the default data folder is out of the database user's reach, so the
/// cluster is kept where it can reach, and the log says where.
#[test]
fn the_default_data_folder_in_a_private_home_still_starts_and_the_log_says_where() {
    let home = tempfile::tempdir().unwrap();
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    let log_path = home.path().join("server.log");
    let log_file = std::fs::File::create(&log_path).unwrap();
    let child = server()
        .current_dir(home.path())
        .env("R1_ADDR", &addr)
        .stdout(log_file.try_clone().unwrap())
        .stderr(log_file)
        .spawn()
        .unwrap();
    let running = Running(child);

    let deadline = Instant::now() + Duration::from_secs(120);
    let mut answer = None;
    while Instant::now() < deadline && answer.is_none() {
        answer = health(&addr).filter(|a| a.starts_with("HTTP/1.1 200"));
        if answer.is_none() {
            std::thread::sleep(Duration::from_millis(250));
        }
    }
    drop(running);
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(answer.is_some(), "the server did not become healthy: {log}");

    let default = home.path().canonicalize().unwrap().join(".r1/na");
    let moved = Path::new(r1_server::embedded_pg::SHARED_ROOT).join(
        default
            .to_string_lossy()
            .trim_start_matches('/')
            .replace('/', "_"),
    );
    if geteuid().is_root() {
        assert!(
            log.contains(&format!("keeping the cluster in {}", moved.display())),
            "{log}"
        );
        assert!(moved.join("pgdata/PG_VERSION").is_file(), "{log}");
        std::fs::remove_dir_all(&moved).unwrap();
    } else {
        // Without root the server's own user runs PostgreSQL: nothing moves.
        assert!(!log.contains("keeping the cluster in"), "{log}");
        assert!(default.join("pgdata/PG_VERSION").is_file(), "{log}");
    }
}

/// SIGTERM stops accepting at once, lets in-flight requests finish for at
/// most the grace period, then exits 0, so a stuck client cannot keep a
/// deployment from rolling.
#[test]
fn sigterm_waits_for_in_flight_requests_only_as_long_as_the_grace_period() {
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    let mut child = server()
        .env("R1_ADDR", &addr)
        .env("R1_EPHEMERAL", "true")
        .env("R1_SHUTDOWN_GRACE_SECS", "1")
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while health(&addr).is_none_or(|a| !a.starts_with("HTTP/1.1 200")) {
        assert!(
            Instant::now() < deadline,
            "the server did not become healthy"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    // A request whose body never finishes arriving stays in flight.
    let mut stuck = TcpStream::connect(&addr).unwrap();
    stuck
        .write_all(
            b"POST /oauth2/token/00000000000000000000000000000001 HTTP/1.1\r\nHost: r1\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant",
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    // Without the grace period it would wait for that body forever.
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the server was still running a minute after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut log = String::new();
    for out in [
        child.stdout.take().map(|o| Box::new(o) as Box<dyn Read>),
        child.stderr.take().map(|e| Box::new(e) as Box<dyn Read>),
    ]
    .into_iter()
    .flatten()
    {
        let mut out = out;
        out.read_to_string(&mut log).unwrap();
    }
    assert!(status.success(), "exit {status}: {log}");
    assert!(log.contains("shutdown grace period"), "{log}");
    assert!(TcpStream::connect(&addr).is_err(), "still accepting");
}

/// While the embedded cluster starts and migrations run, the address already
/// answers: 503 "STARTING" on health and on vendor routes, then 200 once r1
/// is ready; a probe never meets a connection that hangs.
#[test]
fn health_says_starting_until_the_database_is_ready() {
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    let child = server()
        .env("R1_ADDR", &addr)
        .env("R1_EPHEMERAL", "true")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _running = Running(child);
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut starting = None;
    let ready = loop {
        assert!(Instant::now() < deadline, "the server did not become ready");
        match health(&addr) {
            Some(a) if a.starts_with("HTTP/1.1 200") => break a,
            Some(a) if a.starts_with("HTTP/1.1 503") => {
                assert!(a.contains("\"STARTING\""), "{a}");
                starting.get_or_insert(a);
            }
            _ => {}
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(ready.contains("\"UP\""), "{ready}");
    // initdb alone takes longer than the polling interval.
    assert!(
        starting.is_some(),
        "health never said STARTING before ready"
    );
}
