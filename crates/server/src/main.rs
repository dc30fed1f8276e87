//! `r1-server`: the RUCKUS One APIs on this machine.

use std::{future::IntoFuture, io::IsTerminal, path::PathBuf, time::Duration};

use clap::{Parser, Subcommand};
use r1_core::{
    bootstrap,
    config::{Config, LogFormat},
    AppState,
};
use r1_server::{
    embedded_pg::{DataFolder, EmbeddedPostgres},
    starting::Starting,
};
use tracing_subscriber::{fmt, EnvFilter};

/// mimalloc, not glibc's malloc: a request makes about a hundred small
/// allocations, and glibc's malloc and free (with its consolidation of fast
/// bins) were a sixth of r1's CPU under load (perf, the activity poll). With
/// mimalloc a poll costs r1 about 15% less CPU.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "r1-server",
    version,
    about = "A local, stateful clone of the RUCKUS One REST APIs"
)]
struct Cli {
    /// Log JSON lines instead of human-readable text (R1_LOG_FORMAT=json).
    #[arg(long)]
    json_logs: bool,
    /// Keep the embedded database in a temporary folder, removed at exit.
    #[arg(long, env = "R1_EPHEMERAL")]
    ephemeral: bool,
    /// Where the embedded database keeps its data (R1_DATA_DIR).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// The address to listen on (R1_ADDR), e.g. 127.0.0.1:8081.
    #[arg(long)]
    addr: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the APIs (the default).
    Serve,
    /// Print the OpenAPI document of every served operation.
    Openapi,
    /// Make, list or delete tenants in the database, as /_r1/tenants does.
    #[command(subcommand)]
    Tenant(TenantCommand),
}

#[derive(Subcommand)]
enum TenantCommand {
    /// Make a tenant with a first PRIME_ADMIN and an API client; prints
    /// {tenantId, clientId, clientSecret, adminId}.
    Create {
        #[arg(long)]
        name: String,
        /// REC, MSP, MSP_EC, VAR, MSP_NON_VAR, MSP_INSTALLER, MSP_INTEGRATOR, MSP_REC or UNKNOWN.
        #[arg(long = "type", default_value = "REC")]
        tenant_type: String,
        #[arg(long)]
        tenant_id: Option<String>,
        #[arg(long)]
        admin_email: Option<String>,
    },
    /// List the tenants as JSON.
    List,
    /// Delete a tenant with all its data.
    Delete { tenant_id: String },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        match serde_json::to_string_pretty(&r1_server::openapi()) {
            Ok(doc) => {
                println!("{doc}");
                return std::process::ExitCode::SUCCESS;
            }
            Err(e) => {
                eprintln!("r1-server: {e}");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    let mut config = match Config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("r1-server: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    if cli.json_logs {
        config.log_format = LogFormat::Json;
    }
    if cli.ephemeral {
        config.ephemeral = true;
    }
    let chosen_dir = cli.data_dir.is_some();
    if let Some(dir) = cli.data_dir {
        config.data_dir = dir;
    }
    if let Some(addr) = cli.addr {
        config.addr = addr;
    }
    init_tracing(config.log_format);
    if let Some(Command::Tenant(command)) = cli.command {
        return match tenant(config, chosen_dir, command).await {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("r1-server: {e}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    match run(config, chosen_dir).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn init_tracing(format: LogFormat) {
    let filter = EnvFilter::try_from_env("R1_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    // Colour escapes only where a person reads them: not in a file or pipe.
    let ansi = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let builder = fmt().with_env_filter(filter).with_ansi(ansi);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Human => builder.init(),
    }
}

async fn run(config: Config, chosen_dir: bool) -> Result<(), Box<dyn std::error::Error>> {
    // Bind first: the embedded cluster takes a free port, and must not take
    // the one this server was told to listen on.
    let listener = tokio::net::TcpListener::bind(&config.addr)
        .await
        .map_err(|e| {
            format!(
                "cannot listen on {}: {e}. Another program (perhaps another r1) holds it: \
                 stop it, or choose another address with R1_ADDR or --addr (e.g. --addr 127.0.0.1:8081)",
                config.addr
            )
        })?;
    let listener = Starting::answer(listener)?;
    let folder = if config.ephemeral {
        DataFolder::Ephemeral
    } else if chosen_dir || !config.data_dir_is_default() {
        DataFolder::Chosen(&config.data_dir)
    } else {
        DataFolder::Default(&config.data_dir)
    };
    let embedded = match &config.database_url {
        Some(_) => None,
        None => {
            let pg = tokio::task::block_in_place(|| EmbeddedPostgres::start(folder))?;
            pg.ensure_database().await?;
            Some(pg)
        }
    };
    let url = config
        .database_url
        .clone()
        .or_else(|| embedded.as_ref().map(EmbeddedPostgres::url))
        .unwrap_or_default();

    let served = serve(config, &url, listener).await;
    if let Some(pg) = embedded {
        tokio::task::block_in_place(|| pg.stop());
    }
    served
}

/// `r1-server tenant ...`: against DATABASE_URL, or the embedded database
/// (which a running server must not hold at the same time).
async fn tenant(
    config: Config,
    chosen_dir: bool,
    command: TenantCommand,
) -> Result<(), Box<dyn std::error::Error>> {
    let folder = if config.ephemeral {
        DataFolder::Ephemeral
    } else if chosen_dir || !config.data_dir_is_default() {
        DataFolder::Chosen(&config.data_dir)
    } else {
        DataFolder::Default(&config.data_dir)
    };
    let embedded = match &config.database_url {
        Some(_) => None,
        None => {
            let pg = tokio::task::block_in_place(|| EmbeddedPostgres::start(folder))?;
            pg.ensure_database().await?;
            Some(pg)
        }
    };
    let url = config
        .database_url
        .clone()
        .or_else(|| embedded.as_ref().map(EmbeddedPostgres::url))
        .unwrap_or_default();
    let done = async {
        let db = r1_server::connect(&url).await?;
        bootstrap::ensure(&db, &config).await?;
        let mut tx = db.begin().await?;
        let out = match command {
            TenantCommand::Create {
                name,
                tenant_type,
                tenant_id,
                admin_email,
            } => {
                let body = r1_tenant::LocalTenantCreate {
                    name: Some(name),
                    tenant_type: Some(tenant_type),
                    tenant_id,
                    admin_email,
                };
                serde_json::to_value(r1_tenant::create_tenant(&mut tx, body).await?)?
            }
            TenantCommand::List => {
                serde_json::to_value(r1_tenant::list_tenants(&mut tx, &config).await?)?
            }
            TenantCommand::Delete { tenant_id } => {
                r1_tenant::delete_tenant(&mut tx, &tenant_id).await?;
                serde_json::json!({ "deleted": tenant_id })
            }
        };
        tx.commit().await?;
        println!("{}", serde_json::to_string_pretty(&out)?);
        Ok::<(), Box<dyn std::error::Error>>(())
    }
    .await;
    if let Some(pg) = embedded {
        tokio::task::block_in_place(|| pg.stop());
    }
    done
}

async fn serve(
    config: Config,
    url: &str,
    starting: Starting,
) -> Result<(), Box<dyn std::error::Error>> {
    let db = r1_server::connect(url).await?;
    if bootstrap::ensure(&db, &config).await? {
        tracing::info!(
            tenant = %config.bootstrap_tenant_id,
            client = %config.bootstrap_client_id,
            "created the bootstrap tenant and API client"
        );
    }
    let listener = starting.ready().await?;
    let addr = listener.local_addr()?;
    let secret = if config.bootstrap_client_secret == "r1-secret" {
        "r1-secret"
    } else {
        "$R1_BOOTSTRAP_CLIENT_SECRET"
    };
    tracing::info!(
        "r1 ({}) listening on http://{addr}; get a token with: curl -s -X POST http://{addr}/oauth2/token/{} -d grant_type=client_credentials -d client_id={} -d client_secret={secret}",
        config.region,
        config.bootstrap_tenant_id,
        config.bootstrap_client_id,
    );
    let grace = Duration::from_secs(config.shutdown_grace_secs);
    let state = AppState::new(db.clone(), config);
    r1_core::instances::join(db.clone(), state.rate_limits.clone());
    r1_core::access::listen(db.clone(), state.access.clone());
    let (stopping, mut stop) = tokio::sync::watch::channel(false);
    let server = axum::serve(listener, r1_server::app(state)).with_graceful_shutdown(async move {
        shutdown_signal().await;
        let _ = stopping.send(true);
    });
    // In-flight requests get the grace period, then the process goes anyway:
    // a stuck client must not keep a deployment from rolling.
    let deadline = async move {
        let _ = stop.wait_for(|stopping| *stopping).await;
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        served = server.into_future() => {
            served?;
            tracing::info!("stopped accepting requests; in-flight requests finished");
        }
        () = deadline => {
            tracing::warn!(
                grace_secs = grace.as_secs(),
                "requests still in flight after the shutdown grace period (R1_SHUTDOWN_GRACE_SECS); exiting"
            );
        }
    }
    db.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
