//! `confab-bench`: what `cargo xtask bench` measures in a real browser against the real server.
//! Each benchmark prints a Markdown section of figures; timings are reported, never judged —
//! a shared machine is too noisy for pass or fail.

mod capacity;
mod cluster;
mod compressed;
mod crowd;
mod files;
mod first_screen;
mod latency;
mod load;
mod long_room;
mod pictures;
mod search;
mod send_path;
mod startup;
mod stats;
mod streaming;
mod support;

use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    bench: Bench,
}

#[derive(Subcommand)]
enum Bench {
    /// Navigation to the room list, and opening the first room, on a fresh profile each run.
    Startup {
        #[arg(long, default_value_t = 10)]
        runs: usize,
    },
    /// Opening a room of 10,000 messages and scrolling through all of it.
    LongRoom,
    /// Sender → receiver across two browsers, with thousands of background DDP clients.
    Latency {
        #[arg(long, default_value_t = 500)]
        messages: usize,
        /// Background clients of each round, comma-separated.
        #[arg(long, value_delimiter = ',', default_values_t = [0, 1_000, 5_000])]
        crowds: Vec<usize>,
    },
    /// Memory per idle socket, fan-out throughput and CPU per message of the server.
    Capacity,
    /// `chat.search` in rooms of 10,000 and 1,000,000 messages.
    Search,
    /// Writes on SQLite and PostgreSQL; fan-out and cross-instance latency on 1 and 3 instances.
    Cluster,
    /// Uploading and downloading a 50 MB file, and the server's memory meanwhile.
    Files,
    /// Hostile pictures to every route that takes one: answers, times, the server's peak memory.
    Pictures,
    /// Streamed answers: append → DOM latency with 1,000 readers, CPU per piece, bytes per reader.
    Streaming {
        /// Background clients following the room's pieces.
        #[arg(long, default_value_t = 1_000)]
        background: usize,
    },
    /// Support at scale: 10,000 visitors waiting, the Support section's load, memory per visitor socket.
    Support,
    /// Where a send's time goes on an idle server, step by step.
    SendPath,
    /// The first screen the server renders: its weight, and its cost beside the config's.
    FirstScreen,
}

#[tokio::main]
async fn main() {
    let section = match Cli::parse().bench {
        Bench::Startup { runs } => startup::run(runs).await,
        Bench::LongRoom => long_room::run().await,
        Bench::Latency { messages, crowds } => latency::run(messages, &crowds).await,
        Bench::Capacity => capacity::run().await,
        Bench::Cluster => cluster::run().await,
        Bench::Files => files::run().await,
        Bench::Search => search::run().await,
        Bench::Pictures => pictures::run().await,
        Bench::Streaming { background } => streaming::run(background).await,
        Bench::Support => support::run().await,
        Bench::SendPath => send_path::run().await,
        Bench::FirstScreen => first_screen::run().await,
    };
    println!("{section}");
}
