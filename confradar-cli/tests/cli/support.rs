//! Running the binary, making databases, and a tiny web site.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

/// The binary, with a clean environment (no DATABASE_URL or CONFRADAR_* from the host) in `dir`.
pub fn cli(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_confradar-cli"));
    command.current_dir(dir).env_remove("DATABASE_URL");
    for (key, _) in std::env::vars() {
        if key.starts_with("CONFRADAR_") {
            command.env_remove(key);
        }
    }
    command
}

/// Runs and returns (status ok, stdout, stderr).
pub fn run(command: &mut Command) -> (bool, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().expect("the binary runs");
    (
        status.success(),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

/// A server database made for one test (dropped after), or `None` when its URL is unset.
pub struct ServerDb {
    pub url: String,
    admin_url: String,
    name: String,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl ServerDb {
    pub fn create(var: &str) -> Option<Self> {
        let Ok(admin_url) = std::env::var(var) else {
            eprintln!("skipped: {var} not set");
            return None;
        };
        let name = format!(
            "confradar_cli_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        block_on(async {
            let admin = sea_orm::Database::connect(admin_url.as_str())
                .await
                .unwrap_or_else(|e| panic!("{var} is set but its server cannot be reached: {e}"));
            sea_orm::ConnectionTrait::execute_unprepared(
                &admin,
                &format!("CREATE DATABASE {name}"),
            )
            .await
            .unwrap();
        });
        let mut url = url::Url::parse(&admin_url).unwrap();
        url.set_path(&format!("/{name}"));
        Some(Self {
            url: url.to_string(),
            admin_url,
            name,
        })
    }
}

impl Drop for ServerDb {
    fn drop(&mut self) {
        let force = if self.admin_url.starts_with("postgres") {
            " WITH (FORCE)"
        } else {
            ""
        };
        let sql = format!("DROP DATABASE IF EXISTS {}{force}", self.name);
        let admin_url = self.admin_url.clone();
        block_on(async {
            if let Ok(admin) = sea_orm::Database::connect(admin_url.as_str()).await {
                let _ = sea_orm::ConnectionTrait::execute_unprepared(&admin, &sql).await;
            }
        });
    }
}

/// The tests are plain `#[test]`s; database set-up gets a runtime of its own.
fn block_on<F: std::future::Future<Output = ()>>(future: F) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future);
}

/// A tiny HTTP/1.1 site on 127.0.0.1 (one thread per connection, `Connection: close`),
/// counting the requests each path gets.
pub struct Site {
    pub addr: SocketAddr,
    pages: Arc<Mutex<HashMap<String, (u16, String)>>>,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Site {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let pages: Arc<Mutex<HashMap<String, (u16, String)>>> = Arc::default();
        let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let (p, h) = (Arc::clone(&pages), Arc::clone(&hits));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (pages, hits) = (Arc::clone(&p), Arc::clone(&h));
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream);
                    let mut request_line = String::new();
                    if reader.read_line(&mut request_line).is_err() {
                        return;
                    }
                    let path = request_line
                        .split_whitespace()
                        .nth(1)
                        .unwrap_or("/")
                        .to_string();
                    let mut line = String::new();
                    while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
                        line.clear();
                    }
                    *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
                    let (status, body) = pages
                        .lock()
                        .unwrap()
                        .get(&path)
                        .cloned()
                        .unwrap_or((404, String::new()));
                    let reason = if status == 200 { "OK" } else { "Error" };
                    let response = format!(
                        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let mut stream = reader.into_inner();
                    let _ = stream.write_all(response.as_bytes());
                    let _ = stream.flush();
                    let mut rest = Vec::new();
                    let _ = stream.read_to_end(&mut rest);
                });
            }
        });
        Self { addr, pages, hits }
    }

    pub fn set(&self, path: &str, status: u16, body: impl Into<String>) {
        self.pages
            .lock()
            .unwrap()
            .insert(path.to_string(), (status, body.into()));
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

/// A small CFP page.
pub fn cfp_page(acronym: &str, full_name: &str, submission: &str) -> String {
    format!(
        "<html><head><title>{acronym} 2026</title></head><body><h1>{acronym} 2026: {full_name}</h1>\
         <h2>Important Dates</h2><ul><li>Paper submission: {submission}</li>\
         <li>Notification: April 30, 2026</li></ul><p>All deadlines are 23:59 AoE.</p></body></html>"
    )
}
