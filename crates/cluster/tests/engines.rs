//! The private engines start, answer on their port, stop as a crash would, and come back on the
//! same port: what the outage tests rely on.

use std::net::{Ipv4Addr, TcpStream};

fn answers(url: &str) -> bool {
    let port: u16 = url.rsplit(':').next().and_then(|p| p.split('/').next()).unwrap().parse().unwrap();
    TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok()
}

#[test]
fn postgres_starts_halts_and_resumes_on_its_port() {
    let postgres = confab_cluster::Postgres::start(false).unwrap();
    let url = postgres.server_url();
    assert!(answers(&url), "{url} answers once started");
    postgres.halt().unwrap();
    assert!(!answers(&url), "{url} is closed while halted");
    postgres.resume().unwrap();
    assert!(answers(&url), "{url} answers again");
    assert_eq!(postgres.url("chat"), format!("{url}/chat"));
}

#[test]
fn nats_starts_halts_and_resumes_on_its_port() {
    let nats = confab_cluster::Nats::start().unwrap();
    let url = nats.url();
    assert!(answers(&url));
    nats.halt();
    assert!(!answers(&url));
    nats.resume().unwrap();
    assert!(answers(&url));
}
