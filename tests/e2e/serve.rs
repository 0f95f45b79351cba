//! `serve` facing slow, half-open and oversized clients.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::{cli, run};

/// A running `serve` over an empty SQLite database; killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start(settings: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = ["--database-url", "sqlite://kb.db"];
        run(cli(dir.path()).args(db).args(["migrate", "up"])).assert_exit(0);
        let mut child = cli(dir.path())
            .args(db)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .envs(settings.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("serve prints its address: {line:?}"));
        Self {
            child,
            addr,
            _dir: dir,
        }
    }

    /// One request on a fresh connection; the whole answer, or what came before `within`.
    fn request(&self, raw: &str, within: Duration) -> String {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream.set_read_timeout(Some(within)).unwrap();
        stream.write_all(raw.as_bytes()).unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const GET_DEADLINES: &str = "GET /api/deadlines HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

#[test]
fn three_hundred_half_sent_requests_do_not_keep_a_normal_one_waiting() {
    let server = Server::start(&[]);
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut stream = TcpStream::connect(server.addr).unwrap();
            stream
                .write_all(b"GET /api/deadlines HTTP/1.1\r\nHost: t\r\nX-Slow: ")
                .unwrap();
            stream
        })
        .collect();
    let started = Instant::now();
    let answer = server.request(GET_DEADLINES, Duration::from_secs(2));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    drop(idle);
}

#[test]
fn a_late_request_head_is_cut_off_by_the_header_read_timeout() {
    let server = Server::start(&[("CONFRADAR_SERVE__HEADER_READ_TIMEOUT_SECS", "1")]);
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: t\r\n").unwrap();
    // Well past the deadline: the server has closed the connection (perhaps with a 408).
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut answer = Vec::new();
    let read = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        read.is_ok() && (answer.is_empty() || answer.starts_with("HTTP/1.1 408")),
        "{read:?} {answer:?}"
    );
}

#[test]
fn oversized_requests_are_refused_and_the_server_goes_on() {
    let server = Server::start(&[]);
    let within = Duration::from_secs(5);
    let big_body = format!(
        "GET /api/deadlines HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\nConnection: close\r\n\r\n{}",
        "x".repeat(1000)
    );
    let answer = server.request(&big_body, within);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer:?}");
    let huge_head = format!(
        "GET /api/deadlines HTTP/1.1\r\nHost: t\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "y".repeat(64 * 1024)
    );
    let answer = server.request(&huge_head, within);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "{answer:?}"
    );
    let many_headers: String = (0..500).map(|i| format!("X-H{i}: v\r\n")).collect();
    let answer = server.request(
        &format!("GET / HTTP/1.1\r\nHost: t\r\n{many_headers}Connection: close\r\n\r\n"),
        within,
    );
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "{answer:?}"
    );
    let answer = server.request(GET_DEADLINES, within);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:?}");
}
