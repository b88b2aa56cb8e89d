use clap::Parser;
use confab_server::Server;
use confab_server::admin_cli::{self, Command};
use confab_server::settings::Cli;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .init();
    let Cli { settings, command } = Cli::parse();
    if let Some(Command::Admin(action)) = command {
        return match admin_cli::run(&settings, action).await {
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
