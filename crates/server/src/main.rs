//! confab-server's binary: serves, or runs an admin command, as the command line says (`cli`).

use clap::Parser;
use confab_server::Server;
use confab_server::cli::{self, Cli, Command};
use tracing_subscriber::EnvFilter;

/// How long a stopping server waits for blocking work (pictures being read) to end. That work
/// stops itself within its own budget; this bounds the wait whatever it does.
const BLOCKING_WORK_GRACE: std::time::Duration = std::time::Duration::from_secs(3);

fn main() -> std::process::ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("confab-server: cannot start its runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let code = runtime.block_on(serve());
    runtime.shutdown_timeout(BLOCKING_WORK_GRACE);
    code
}

async fn serve() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .init();
    let Cli { settings, command } = Cli::parse();
    if let Some(Command::Admin(action)) = command {
        return match cli::run(&settings, action).await {
            Ok(report) => {
                println!("{report}");
                std::process::ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("confab-server admin: {error}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    let demo = settings.demo;
    let server = match Server::start(settings).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("confab-server: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("Confab is running at {}/", server.url());
    if demo {
        println!("Demo mode: sign in at {}/demo", server.url());
    }
    shutdown_signal().await;
    server.stop().await;
    std::process::ExitCode::SUCCESS
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
