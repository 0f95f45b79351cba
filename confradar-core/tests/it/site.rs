//! A real web site for pipeline tests: an HTTP/1.1 server on 127.0.0.1
//! serving pages the test sets and changes, with ETags and 304s, and a count
//! of the requests each path received.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{Response, StatusCode, header};
use tokio::net::TcpListener;

/// One page: status, content type and body.
#[derive(Debug, Clone)]
pub struct Page {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
}

#[derive(Debug, Default)]
struct State {
    pages: HashMap<String, Page>,
    hits: HashMap<String, usize>,
}

/// The site; stops when dropped.
pub struct Site {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Site {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn etag_of(body: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("\"{:x}\"", Sha256::digest(body.as_bytes()))
}

impl Site {
    pub async fn start() -> Self {
        Self::start_on("127.0.0.1:0").await
    }

    pub async fn start_on(bind: &str) -> Self {
        let listener = TcpListener::bind(bind).await.expect("bind the test site");
        let addr = listener.local_addr().expect("local addr");
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let state = Arc::clone(&shared);
                let service = hyper::service::service_fn(
                    move |request: hyper::Request<hyper::body::Incoming>| {
                        let state = Arc::clone(&state);
                        async move {
                            let path = request.uri().path().to_string();
                            let if_none_match = request
                                .headers()
                                .get(header::IF_NONE_MATCH)
                                .and_then(|v| v.to_str().ok())
                                .map(str::to_string);
                            let page = {
                                let mut state = state.lock().expect("site state");
                                *state.hits.entry(path.clone()).or_default() += 1;
                                state.pages.get(&path).cloned()
                            };
                            let response = match page {
                                None if path == "/robots.txt" => Response::builder()
                                    .status(StatusCode::NOT_FOUND)
                                    .body(Full::new(Bytes::new())),
                                None => Response::builder()
                                    .status(StatusCode::NOT_FOUND)
                                    .body(Full::new(Bytes::from("not found"))),
                                Some(page) => {
                                    let etag = etag_of(&page.body);
                                    if page.status == 200
                                        && if_none_match.as_deref() == Some(etag.as_str())
                                    {
                                        Response::builder()
                                            .status(StatusCode::NOT_MODIFIED)
                                            .header(header::ETAG, etag)
                                            .body(Full::new(Bytes::new()))
                                    } else {
                                        Response::builder()
                                            .status(page.status)
                                            .header(header::CONTENT_TYPE, page.content_type)
                                            .header(header::ETAG, etag)
                                            .body(Full::new(Bytes::from(page.body)))
                                    }
                                }
                            };
                            Ok::<_, Infallible>(
                                response.unwrap_or_else(|_| Response::new(Full::new(Bytes::new()))),
                            )
                        }
                    },
                );
                tokio::spawn(async move {
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await;
                });
            }
        });
        Self { addr, state, task }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn set(
        &self,
        path: &str,
        status: u16,
        content_type: &'static str,
        body: impl Into<String>,
    ) {
        let mut state = self.state.lock().expect("site state");
        state.pages.insert(
            path.to_string(),
            Page {
                status,
                content_type,
                body: body.into(),
            },
        );
    }

    pub fn html(&self, path: &str, body: impl Into<String>) {
        self.set(path, 200, "text/html; charset=utf-8", body);
    }

    pub fn hits(&self, path: &str) -> usize {
        self.state
            .lock()
            .expect("site state")
            .hits
            .get(path)
            .copied()
            .unwrap_or(0)
    }
}

/// A small, plain CFP page.
pub fn cfp_page(acronym: &str, full_name: &str, submission: &str) -> String {
    format!(
        "<!doctype html><html><head><title>{acronym} 2026 | Call for Papers</title></head><body>\
         <nav><a href=\"/\">Home</a></nav>\
         <h1>{acronym} 2026: {full_name}</h1>\
         <p>{acronym} 2026 will take place in Lisbon, Portugal.</p>\
         <h2>Important Dates</h2>\
         <ul>\
         <li>Abstract submission: January 16, 2026</li>\
         <li>Paper submission deadline: {submission}</li>\
         <li>Author notification: April 30, 2026</li>\
         </ul>\
         <p>All deadlines are 23:59 AoE.</p>\
         <footer>© 2025 {acronym}</footer></body></html>"
    )
}
