//! Fetching against a real HTTP server on 127.0.0.1: each test starts its own server (port 0)
//! with a handler written for it, and asserts on what the server saw.

use std::convert::Infallible;
use std::future::Future;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use confradar_core::fetch::{
    FetchError, FetchOutcome, FetchSettings, Fetcher, PageFormat, Validators,
};
use futures::StreamExt as _;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Bytes, Frame};
use hyper::header::{self, HeaderMap};
use hyper::{Response, StatusCode};
use tokio::net::TcpListener;
use tokio::time::Instant;

type Body = BoxBody<Bytes, Infallible>;

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    headers: HeaderMap,
    at: Instant,
}

/// What one or more servers record.
#[derive(Debug, Default)]
struct Log {
    seen: Mutex<Vec<Seen>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    body_bytes_sent: AtomicUsize,
}

impl Log {
    fn requests(&self, path: &str) -> Vec<Seen> {
        let seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        seen.iter().filter(|s| s.path == path).cloned().collect()
    }

    fn all(&self) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// The request as given to a handler.
struct Req {
    path: String,
    headers: HeaderMap,
    log: Arc<Log>,
}

/// A real HTTP/1.1 server on 127.0.0.1; stops accepting when dropped.
struct Server {
    addr: SocketAddr,
    log: Arc<Log>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    async fn start<F, Fut>(handler: F) -> Self
    where
        F: Fn(Req) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Response<Body>> + Send + 'static,
    {
        Self::start_with_log(Arc::new(Log::default()), handler).await
    }

    async fn start_with_log<F, Fut>(log: Arc<Log>, handler: F) -> Self
    where
        F: Fn(Req) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Response<Body>> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let handler = Arc::new(handler);
        let server_log = Arc::clone(&log);
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let handler = Arc::clone(&handler);
                let log = Arc::clone(&server_log);
                let service = hyper::service::service_fn(move |request: hyper::Request<_>| {
                    let handler = Arc::clone(&handler);
                    let log = Arc::clone(&log);
                    async move {
                        let path = request
                            .uri()
                            .path_and_query()
                            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
                        let headers = request.headers().clone();
                        log.seen.lock().expect("log").push(Seen {
                            path: path.clone(),
                            headers: headers.clone(),
                            at: Instant::now(),
                        });
                        let now = log.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                        log.max_in_flight.fetch_max(now, Ordering::SeqCst);
                        let response = handler(Req {
                            path,
                            headers,
                            log: Arc::clone(&log),
                        })
                        .await;
                        log.in_flight.fetch_sub(1, Ordering::SeqCst);
                        Ok::<_, Infallible>(response)
                    }
                });
                tokio::spawn(async move {
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await;
                });
            }
        });
        Self { addr, log, task }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

fn respond(status: u16, headers: &[(&str, &str)], body: impl Into<Bytes>) -> Response<Body> {
    let mut response = Response::new(Full::new(body.into()).boxed());
    *response.status_mut() = StatusCode::from_u16(status).expect("valid status");
    for (name, value) in headers {
        response.headers_mut().append(
            header::HeaderName::from_bytes(name.as_bytes()).expect("header name"),
            header::HeaderValue::from_str(value).expect("header value"),
        );
    }
    response
}

fn html(body: &str) -> Response<Body> {
    respond(
        200,
        &[("content-type", "text/html; charset=utf-8")],
        body.to_owned(),
    )
}

fn not_found() -> Response<Body> {
    respond(404, &[("content-type", "text/plain")], "not found")
}

/// A 200 whose body is `chunks`, each sent after `pause`, counting the bytes sent.
fn streamed(
    content_type: &str,
    log: Arc<Log>,
    chunks: usize,
    chunk: Bytes,
    pause: Duration,
) -> Response<Body> {
    let stream = futures::stream::unfold(0usize, move |i| {
        let chunk = chunk.clone();
        let log = Arc::clone(&log);
        async move {
            if i == chunks {
                return None;
            }
            if i > 0 && !pause.is_zero() {
                tokio::time::sleep(pause).await;
            }
            log.body_bytes_sent.fetch_add(chunk.len(), Ordering::SeqCst);
            Some((chunk, i + 1))
        }
    });
    let body = BodyExt::boxed(StreamBody::new(
        stream.map(|b| Ok::<_, Infallible>(Frame::data(b))),
    ));
    let mut response = Response::new(body);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_str(content_type).expect("content type"),
    );
    response
}

/// Settings for tests: no politeness delay, short retries, robots.txt off unless a test
/// turns it on.
fn quick() -> FetchSettings {
    FetchSettings {
        connect_timeout_secs: 2,
        read_timeout_secs: 5,
        max_retries: 2,
        retry_base_delay_ms: 10,
        per_host_delay_ms: 0,
        respect_robots_txt: false,
        ..FetchSettings::default()
    }
}

fn fetcher(settings: FetchSettings) -> Fetcher {
    Fetcher::new(settings).expect("valid settings")
}

/// No validators: a first fetch.
static NONE: Validators = Validators {
    etag: None,
    last_modified: None,
    content_hash: None,
};

fn page(outcome: FetchOutcome) -> confradar_core::fetch::FetchedPage {
    match outcome {
        FetchOutcome::Fetched(page) => page,
        FetchOutcome::NotModified(nm) => panic!("expected a page, got {nm:?}"),
    }
}

const CFP: &str =
    "<html><body><h1>ICML 2026</h1><p>Submission deadline: 2026-01-23 AoE</p></body></html>";

#[tokio::test]
async fn fetches_html_with_an_honest_user_agent() {
    let server = Server::start(|_req| async { html(CFP) }).await;
    let url = server.url("/cfp");
    let got = page(fetcher(quick()).fetch(&url, &NONE).await.expect("fetch"));
    assert_eq!(got.body, CFP);
    assert_eq!((got.status, got.format), (200, PageFormat::Html));
    assert_eq!(
        (got.url.as_str(), got.final_url.as_str()),
        (url.as_str(), url.as_str())
    );
    assert_eq!(
        got.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(got.charset, "UTF-8");
    assert_eq!(got.content_hash.len(), 64);
    assert!(!got.unchanged);

    let seen = server.log.requests("/cfp");
    assert_eq!(seen.len(), 1);
    let ua = seen[0].headers[header::USER_AGENT].to_str().expect("ascii");
    assert!(ua.starts_with("ConfRadar/") && ua.contains("(+"), "{ua}");
    let accept_encoding = seen[0].headers[header::ACCEPT_ENCODING]
        .to_str()
        .expect("ascii");
    assert!(
        accept_encoding.contains("gzip") && accept_encoding.contains("br"),
        "{accept_encoding}"
    );
}

#[tokio::test]
async fn user_agent_is_configurable() {
    let server = Server::start(|_req| async { html(CFP) }).await;
    let settings = FetchSettings {
        user_agent: "ResearchBot/2.0 (+mailto:a@b.c)".into(),
        ..quick()
    };
    fetcher(settings)
        .fetch(&server.url("/"), &NONE)
        .await
        .expect("fetch");
    let ua = &server.log.requests("/")[0].headers[header::USER_AGENT];
    assert_eq!(ua, "ResearchBot/2.0 (+mailto:a@b.c)");
}

#[tokio::test]
async fn redirects_are_followed_and_the_final_url_reported() {
    let server = Server::start(|req| async move {
        match req.path.as_str() {
            "/old" => respond(301, &[("location", "/mid")], ""),
            "/mid" => respond(302, &[("location", "new?x=1")], ""),
            "/new?x=1" => html(CFP),
            _ => not_found(),
        }
    })
    .await;
    let got = page(
        fetcher(quick())
            .fetch(&server.url("/old"), &NONE)
            .await
            .expect("fetch"),
    );
    assert_eq!(got.url, server.url("/old"));
    assert_eq!(got.final_url, server.url("/new?x=1"));
    assert_eq!(got.body, CFP);
}

#[tokio::test]
async fn redirect_loop_gives_too_many_redirects() {
    let server = Server::start(|req| async move {
        match req.path.as_str() {
            "/a" => respond(302, &[("location", "/b")], ""),
            _ => respond(302, &[("location", "/a")], ""),
        }
    })
    .await;
    let settings = FetchSettings {
        max_redirects: 3,
        ..quick()
    };
    let err = fetcher(settings)
        .fetch(&server.url("/a"), &NONE)
        .await
        .expect_err("loop");
    assert!(
        matches!(err, FetchError::TooManyRedirects { limit: 3, .. }),
        "{err}"
    );
    assert!(err.is_permanent());
    assert!(err.to_string().contains(&server.url("/a")), "{err}");
    assert_eq!(
        server.log.all().len(),
        4,
        "the first request and 3 redirects"
    );
}

#[tokio::test]
async fn not_found_is_not_retried() {
    let server = Server::start(|_req| async { not_found() }).await;
    let err = fetcher(quick())
        .fetch(&server.url("/gone"), &NONE)
        .await
        .expect_err("404");
    assert!(matches!(err, FetchError::Http { status: 404, .. }), "{err}");
    assert!(err.is_permanent());
    assert_eq!(server.log.requests("/gone").len(), 1);
}

#[tokio::test]
async fn server_error_is_retried_then_reported() {
    let server = Server::start(|_req| async { respond(500, &[], "oops") }).await;
    let settings = FetchSettings {
        max_retries: 2,
        ..quick()
    };
    let err = fetcher(settings)
        .fetch(&server.url("/cfp"), &NONE)
        .await
        .expect_err("500");
    assert!(matches!(err, FetchError::Http { status: 500, .. }), "{err}");
    assert!(err.is_retryable());
    let seen = server.log.requests("/cfp");
    assert_eq!(seen.len(), 3, "one try and two retries");
    // Exponential backoff: 10 ms, then 20 ms.
    assert!(seen[1].at - seen[0].at >= Duration::from_millis(10));
    assert!(seen[2].at - seen[1].at >= Duration::from_millis(20));
}

#[tokio::test]
async fn a_passing_server_error_is_recovered_from() {
    let server = Server::start(|req| async move {
        if req.log.requests("/cfp").len() == 1 {
            respond(503, &[], "busy")
        } else {
            html(CFP)
        }
    })
    .await;
    let got = page(
        fetcher(quick())
            .fetch(&server.url("/cfp"), &NONE)
            .await
            .expect("fetch"),
    );
    assert_eq!(got.body, CFP);
    assert_eq!(server.log.requests("/cfp").len(), 2);
}

#[tokio::test]
async fn too_many_requests_honours_retry_after() {
    let server = Server::start(|req| async move {
        if req.log.requests("/cfp").len() == 1 {
            respond(429, &[("retry-after", "1")], "slow down")
        } else {
            html(CFP)
        }
    })
    .await;
    page(
        fetcher(quick())
            .fetch(&server.url("/cfp"), &NONE)
            .await
            .expect("fetch"),
    );
    let seen = server.log.requests("/cfp");
    assert_eq!(seen.len(), 2);
    assert!(
        seen[1].at - seen[0].at >= Duration::from_secs(1),
        "waited {:?}",
        seen[1].at - seen[0].at
    );
}

#[tokio::test]
async fn retry_after_beyond_the_cap_is_not_waited_for() {
    let server =
        Server::start(|_req| async { respond(429, &[("retry-after", "3600")], "come back") }).await;
    let err = fetcher(quick())
        .fetch(&server.url("/cfp"), &NONE)
        .await
        .expect_err("429");
    assert!(
        matches!(
            err,
            FetchError::Http {
                status: 429,
                retry_after_secs: Some(3600),
                ..
            }
        ),
        "{err}"
    );
    assert!(err.is_retryable());
    assert_eq!(server.log.requests("/cfp").len(), 1);
}

#[tokio::test]
async fn slow_headers_time_out_and_are_retried() {
    let server = Server::start(|_req| async {
        tokio::time::sleep(Duration::from_secs(4)).await;
        html(CFP)
    })
    .await;
    let settings = FetchSettings {
        read_timeout_secs: 1,
        max_retries: 1,
        ..quick()
    };
    let err = fetcher(settings)
        .fetch(&server.url("/slow"), &NONE)
        .await
        .expect_err("timeout");
    assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
    assert!(err.is_retryable());
    assert!(err.to_string().contains("timed out"), "{err}");
    assert_eq!(
        server.log.requests("/slow").len(),
        2,
        "a timeout is retried"
    );
}

#[tokio::test]
async fn a_stalled_body_times_out() {
    let server = Server::start(|req| async move {
        streamed(
            "text/html",
            req.log,
            3,
            Bytes::from_static(b"<p>part</p>"),
            Duration::from_secs(4),
        )
    })
    .await;
    let settings = FetchSettings {
        read_timeout_secs: 1,
        max_retries: 0,
        ..quick()
    };
    let err = fetcher(settings)
        .fetch(&server.url("/stall"), &NONE)
        .await
        .expect_err("timeout");
    assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
}

#[tokio::test]
async fn a_slow_but_steady_body_is_read() {
    let server = Server::start(|req| async move {
        streamed(
            "text/plain",
            req.log,
            4,
            Bytes::from_static(b"line\n"),
            Duration::from_millis(250),
        )
    })
    .await;
    let settings = FetchSettings {
        read_timeout_secs: 2,
        ..quick()
    };
    let got = page(
        fetcher(settings)
            .fetch(&server.url("/steady"), &NONE)
            .await
            .expect("fetch"),
    );
    assert_eq!(got.body, "line\n".repeat(4));
    assert_eq!(got.format, PageFormat::Text);
}

#[tokio::test]
async fn an_oversized_body_is_cut_off_without_reading_it_all() {
    const CHUNK: usize = 64 * 1024;
    const CHUNKS: usize = 4096; // 256 MiB, never announced in a Content-Length.
    let server = Server::start(|req| async move {
        streamed(
            "text/html",
            req.log,
            CHUNKS,
            Bytes::from(vec![b'a'; CHUNK]),
            Duration::ZERO,
        )
    })
    .await;
    let settings = FetchSettings {
        max_body_bytes: 1024 * 1024,
        ..quick()
    };
    let err = fetcher(settings)
        .fetch(&server.url("/huge"), &NONE)
        .await
        .expect_err("too large");
    assert!(
        matches!(
            err,
            FetchError::TooLarge {
                limit: 1_048_576,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.is_permanent());
    assert!(err.to_string().contains("max_body_bytes"), "{err}");
    // Give the server a moment to notice the closed connection, then check it stopped early.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = server.log.body_bytes_sent.load(Ordering::SeqCst);
    assert!(sent < CHUNK * CHUNKS / 4, "the server sent {sent} bytes");
    assert_eq!(
        server.log.requests("/huge").len(),
        1,
        "too large is not retried"
    );
}

#[tokio::test]
async fn a_declared_oversized_body_is_refused_from_its_length() {
    let server = Server::start(|_req| async {
        respond(200, &[("content-type", "text/html")], vec![b'a'; 64 * 1024])
    })
    .await;
    let settings = FetchSettings {
        max_body_bytes: 1000,
        ..quick()
    };
    let err = fetcher(settings)
        .fetch(&server.url("/big"), &NONE)
        .await
        .expect_err("too large");
    assert!(
        matches!(err, FetchError::TooLarge { limit: 1000, .. }),
        "{err}"
    );
}

#[tokio::test]
async fn a_pdf_is_an_unsupported_content_type() {
    let server = Server::start(|_req| async {
        respond(
            200,
            &[("content-type", "application/pdf")],
            &b"%PDF-1.7 ..."[..],
        )
    })
    .await;
    let url = server.url("/cfp.pdf");
    let err = fetcher(quick()).fetch(&url, &NONE).await.expect_err("pdf");
    assert!(
        matches!(err, FetchError::UnsupportedContentType { .. }),
        "{err}"
    );
    assert!(
        err.to_string().starts_with(&format!(
            "unsupported content type application/pdf at {url}: ConfRadar reads HTML, Markdown and plain text pages"
        )),
        "{err}"
    );
    assert!(err.is_permanent());
    assert_eq!(server.log.requests("/cfp.pdf").len(), 1);
}

#[tokio::test]
async fn an_image_is_an_unsupported_content_type() {
    let server =
        Server::start(|_req| async { respond(200, &[("content-type", "image/png")], "\u{89}PNG") })
            .await;
    let err = fetcher(quick())
        .fetch(&server.url("/logo.png"), &NONE)
        .await
        .expect_err("png");
    assert!(
        err.to_string()
            .contains("unsupported content type image/png"),
        "{err}"
    );
}

#[tokio::test]
async fn markdown_served_as_plain_text_is_markdown() {
    let server = Server::start(|req| async move {
        match req.path.as_str() {
            "/README.md" => respond(
                200,
                &[("content-type", "text/plain; charset=utf-8")],
                "# CFP\n",
            ),
            _ => respond(200, &[("content-type", "text/markdown")], "# CFP\n"),
        }
    })
    .await;
    let f = fetcher(quick());
    let got = page(
        f.fetch(&server.url("/README.md"), &NONE)
            .await
            .expect("fetch"),
    );
    assert_eq!(
        (got.format, got.body.as_str()),
        (PageFormat::Markdown, "# CFP\n")
    );
    let got = page(f.fetch(&server.url("/cfp"), &NONE).await.expect("fetch"));
    assert_eq!(got.format, PageFormat::Markdown);
}

#[tokio::test]
async fn the_declared_charset_is_used() {
    let server = Server::start(|_req| async {
        respond(
            200,
            &[("content-type", "text/html; charset=ISO-8859-1")],
            &b"<p>D\xe9lai</p>"[..],
        )
    })
    .await;
    let got = page(
        fetcher(quick())
            .fetch(&server.url("/fr"), &NONE)
            .await
            .expect("fetch"),
    );
    assert_eq!(got.body, "<p>Délai</p>");
    assert_eq!(got.charset, "windows-1252");
}

#[tokio::test]
async fn robots_disallow_is_obeyed_and_the_page_never_requested() {
    let server = Server::start(|req| async move {
        match req.path.as_str() {
            "/robots.txt" => respond(
                200,
                &[("content-type", "text/plain")],
                "User-agent: *\nAllow: /\n\nUser-agent: ConfRadar\nDisallow: /private\n",
            ),
            _ => html(CFP),
        }
    })
    .await;
    let f = fetcher(FetchSettings {
        respect_robots_txt: true,
        ..quick()
    });
    let err = f
        .fetch(&server.url("/private/cfp"), &NONE)
        .await
        .expect_err("disallowed");
    assert!(
        matches!(err, FetchError::DisallowedByRobots { .. }),
        "{err}"
    );
    assert!(err.is_permanent());
    assert!(
        err.to_string().contains(&server.url("/robots.txt")),
        "{err}"
    );
    assert!(
        server.log.requests("/private/cfp").is_empty(),
        "the page was requested"
    );

    page(
        f.fetch(&server.url("/public"), &NONE)
            .await
            .expect("allowed"),
    );
    assert_eq!(
        server.log.requests("/robots.txt").len(),
        1,
        "robots.txt is cached per host"
    );
    let ua = &server.log.requests("/robots.txt")[0].headers[header::USER_AGENT];
    assert!(ua.to_str().expect("ascii").starts_with("ConfRadar/"));
}

#[tokio::test]
async fn robots_txt_is_checked_on_the_host_a_redirect_leads_to() {
    let target = Server::start(|req| async move {
        match req.path.as_str() {
            "/robots.txt" => respond(200, &[], "User-agent: *\nDisallow: /private\n"),
            _ => html(CFP),
        }
    })
    .await;
    let private = target.url("/private/cfp");
    let origin = Server::start(move |req| {
        let private = private.clone();
        async move {
            match req.path.as_str() {
                "/robots.txt" => not_found(),
                _ => respond(302, &[("location", private.as_str())], ""),
            }
        }
    })
    .await;
    let f = fetcher(FetchSettings {
        respect_robots_txt: true,
        ..quick()
    });
    let err = f
        .fetch(&origin.url("/go"), &NONE)
        .await
        .expect_err("disallowed");
    assert!(
        matches!(err, FetchError::DisallowedByRobots { .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains(&target.url("/private/cfp")),
        "{err}"
    );
    assert_eq!(target.log.requests("/robots.txt").len(), 1);
    assert!(
        target.log.requests("/private/cfp").is_empty(),
        "the page was requested"
    );
}

#[tokio::test]
async fn a_longer_crawl_delay_in_robots_txt_is_honoured() {
    let server = Server::start(|req| async move {
        match req.path.as_str() {
            "/robots.txt" => respond(200, &[], "User-agent: *\nCrawl-delay: 1\n"),
            _ => html(CFP),
        }
    })
    .await;
    let f = fetcher(FetchSettings {
        respect_robots_txt: true,
        per_host_delay_ms: 10,
        ..quick()
    });
    page(f.fetch(&server.url("/a"), &NONE).await.expect("a"));
    page(f.fetch(&server.url("/b"), &NONE).await.expect("b"));
    let (a, b) = (&server.log.requests("/a")[0], &server.log.requests("/b")[0]);
    assert!(
        b.at - a.at >= Duration::from_secs(1),
        "only {:?} apart",
        b.at - a.at
    );
}

#[tokio::test]
async fn a_missing_robots_txt_allows_everything() {
    let server = Server::start(|req| async move {
        if req.path == "/robots.txt" {
            not_found()
        } else {
            html(CFP)
        }
    })
    .await;
    let f = fetcher(FetchSettings {
        respect_robots_txt: true,
        ..quick()
    });
    page(f.fetch(&server.url("/a"), &NONE).await.expect("allowed"));
    page(f.fetch(&server.url("/b"), &NONE).await.expect("allowed"));
    assert_eq!(
        server.log.requests("/robots.txt").len(),
        1,
        "robots.txt is fetched once"
    );
    let paths: Vec<_> = server.log.all().into_iter().map(|s| s.path).collect();
    assert_eq!(paths, ["/robots.txt", "/a", "/b"]);
}

#[tokio::test]
async fn a_failing_robots_txt_disallows_for_now() {
    let server = Server::start(|req| async move {
        if req.path == "/robots.txt" {
            respond(503, &[], "down")
        } else {
            html(CFP)
        }
    })
    .await;
    let f = fetcher(FetchSettings {
        respect_robots_txt: true,
        max_retries: 1,
        ..quick()
    });
    let err = f
        .fetch(&server.url("/cfp"), &NONE)
        .await
        .expect_err("unavailable");
    assert!(
        matches!(err, FetchError::RobotsUnavailable { status: 503, .. }),
        "{err}"
    );
    assert!(err.is_retryable(), "a later run may find robots.txt back");
    assert!(
        server.log.requests("/cfp").is_empty(),
        "the page was requested"
    );
    assert_eq!(
        server.log.requests("/robots.txt").len(),
        2,
        "robots.txt is retried once"
    );
}

#[tokio::test]
async fn not_modified_answers_a_conditional_get() {
    const ETAG: &str = "\"v1\"";
    const LAST_MODIFIED: &str = "Tue, 24 Nov 2026 08:00:00 GMT";
    let server = Server::start(|req| async move {
        if req
            .headers
            .get(header::IF_NONE_MATCH)
            .is_some_and(|v| v == ETAG)
        {
            respond(304, &[("etag", ETAG)], "")
        } else {
            respond(
                200,
                &[
                    ("content-type", "text/html"),
                    ("etag", ETAG),
                    ("last-modified", LAST_MODIFIED),
                ],
                CFP,
            )
        }
    })
    .await;
    let f = fetcher(quick());
    let url = server.url("/cfp");
    let first = f.fetch(&url, &NONE).await.expect("first fetch");
    let stored = first.validators();
    assert_eq!(stored.etag.as_deref(), Some(ETAG));
    assert_eq!(stored.last_modified.as_deref(), Some(LAST_MODIFIED));

    let second = f.fetch(&url, &stored).await.expect("second fetch");
    let FetchOutcome::NotModified(nm) = &second else {
        panic!("expected 304, got {second:?}")
    };
    assert_eq!((nm.status, nm.final_url.as_str()), (304, url.as_str()));
    assert!(second.is_unchanged());
    assert_eq!(second.validators(), stored, "nothing is lost across a 304");

    let seen = server.log.requests("/cfp");
    assert!(seen[0].headers.get(header::IF_NONE_MATCH).is_none());
    assert_eq!(seen[1].headers[header::IF_NONE_MATCH], ETAG);
    assert_eq!(seen[1].headers[header::IF_MODIFIED_SINCE], LAST_MODIFIED);
}

#[tokio::test]
async fn a_gzip_body_is_decoded() {
    let server = Server::start(|req| async move {
        let accepts_gzip = req
            .headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("gzip"));
        if !accepts_gzip {
            return respond(406, &[], "gzip please");
        }
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder
            .write_all(CFP.repeat(100).as_bytes())
            .expect("compress");
        let gz = encoder.finish().expect("compress");
        respond(
            200,
            &[("content-type", "text/html"), ("content-encoding", "gzip")],
            gz,
        )
    })
    .await;
    let got = page(
        fetcher(quick())
            .fetch(&server.url("/gz"), &NONE)
            .await
            .expect("fetch"),
    );
    assert_eq!(got.body, CFP.repeat(100));
}

#[tokio::test]
async fn a_brotli_body_is_decoded() {
    let server = Server::start(|req| async move {
        let accepts_br = req
            .headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("br"));
        if !accepts_br {
            return respond(406, &[], "br please");
        }
        let mut compressed = Vec::new();
        {
            let mut encoder = brotli::CompressorWriter::new(&mut compressed, 4096, 5, 22);
            encoder
                .write_all(CFP.repeat(100).as_bytes())
                .expect("compress");
        }
        respond(
            200,
            &[("content-type", "text/html"), ("content-encoding", "br")],
            compressed,
        )
    })
    .await;
    let got = page(
        fetcher(quick())
            .fetch(&server.url("/br"), &NONE)
            .await
            .expect("fetch"),
    );
    assert_eq!(got.body, CFP.repeat(100));
}

#[tokio::test]
async fn the_content_hash_is_stable_and_marks_an_unchanged_page() {
    let server = Server::start(|req| async move {
        if req.log.requests("/cfp").len() <= 2 {
            html(CFP)
        } else {
            html("<p>extended!</p>")
        }
    })
    .await;
    let f = fetcher(quick());
    let url = server.url("/cfp");
    let first = page(f.fetch(&url, &NONE).await.expect("first"));
    assert!(
        first.etag.is_none() && first.last_modified.is_none(),
        "no validators from the server"
    );
    let second = page(f.fetch(&url, &first.validators()).await.expect("second"));
    assert_eq!(second.content_hash, first.content_hash);
    assert!(second.unchanged);
    let third = page(f.fetch(&url, &second.validators()).await.expect("third"));
    assert_ne!(third.content_hash, first.content_hash);
    assert!(!third.unchanged);
}

#[tokio::test]
async fn requests_to_one_host_are_spaced_by_the_politeness_delay() {
    let server = Server::start(|_req| async { html(CFP) }).await;
    let f = fetcher(FetchSettings {
        per_host_delay_ms: 200,
        ..quick()
    });
    let (url_a, url_b) = (server.url("/a"), server.url("/b"));
    let (a, b) = tokio::join!(f.fetch(&url_a, &NONE), f.fetch(&url_b, &NONE));
    a.expect("a");
    b.expect("b");
    page(f.fetch(&server.url("/c"), &NONE).await.expect("c"));
    let seen = server.log.all();
    assert_eq!(seen.len(), 3);
    for pair in seen.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= Duration::from_millis(200),
            "{} then {} after {gap:?}",
            pair[0].path,
            pair[1].path
        );
    }
}

#[tokio::test]
async fn one_host_gets_one_request_at_a_time() {
    let server = Server::start(|_req| async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        html(CFP)
    })
    .await;
    let f = fetcher(FetchSettings {
        concurrency: 8,
        ..quick()
    });
    let urls: Vec<_> = (0..4).map(|i| server.url(&format!("/p{i}"))).collect();
    let results = futures::future::join_all(urls.iter().map(|u| f.fetch(u, &NONE))).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(server.log.max_in_flight.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_global_concurrency_bound_holds_across_hosts() {
    let log = Arc::new(Log::default());
    let mut servers = Vec::new();
    for _ in 0..6 {
        servers.push(
            Server::start_with_log(Arc::clone(&log), |_req| async {
                tokio::time::sleep(Duration::from_millis(150)).await;
                html(CFP)
            })
            .await,
        );
    }
    let f = fetcher(FetchSettings {
        concurrency: 2,
        ..quick()
    });
    let urls: Vec<_> = servers.iter().map(|s| s.url("/cfp")).collect();
    let results = futures::future::join_all(urls.iter().map(|u| f.fetch(u, &NONE))).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(log.all().len(), 6);
    let max = log.max_in_flight.load(Ordering::SeqCst);
    assert!(
        (1..=2).contains(&max),
        "{max} requests were in flight at once"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_retryable_connect_error_without_credentials() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let settings = FetchSettings {
        max_retries: 0,
        ..quick()
    };
    let url = format!("http://alice:s3cret@{addr}/cfp");
    let err = fetcher(settings)
        .fetch(&url, &NONE)
        .await
        .expect_err("refused");
    assert!(matches!(err, FetchError::Connect { .. }), "{err}");
    assert!(err.is_retryable());
    let chain = error_chain(&err);
    assert!(
        !chain.contains("s3cret") && !chain.contains("alice"),
        "{chain}"
    );
    assert!(chain.contains(&format!("http://{addr}/cfp")), "{chain}");
}

#[tokio::test]
async fn credentials_never_appear_in_http_errors() {
    let server = Server::start(|_req| async { not_found() }).await;
    let url = server.url("/x").replace("http://", "http://bob:hunter2@");
    let err = fetcher(quick()).fetch(&url, &NONE).await.expect_err("404");
    let chain = error_chain(&err);
    assert!(!chain.contains("hunter2"), "{chain}");
}

#[tokio::test]
async fn bad_urls_and_settings_are_refused_with_a_sentence() {
    let f = fetcher(quick());
    let err = f
        .fetch("ftp://example.org/cfp", &NONE)
        .await
        .expect_err("ftp");
    assert!(matches!(err, FetchError::InvalidUrl { .. }), "{err}");
    assert!(err.to_string().contains("http:// or https://"), "{err}");
    let err = Fetcher::new(FetchSettings {
        concurrency: 0,
        ..quick()
    })
    .expect_err("0");
    assert!(
        err.to_string().contains("concurrency must be at least 1"),
        "{err}"
    );
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[tokio::test]
async fn a_page_dripping_a_byte_a_second_fails_on_the_default_rate_limit() {
    let server = Server::start(|req| async move {
        streamed(
            "text/html",
            req.log,
            120,
            Bytes::from_static(b"a"),
            Duration::from_secs(1),
        )
    })
    .await;
    // The defaults, but for politeness towards 127.0.0.1.
    let settings = FetchSettings {
        per_host_delay_ms: 0,
        respect_robots_txt: false,
        ..FetchSettings::default()
    };
    let err = fetcher(settings)
        .fetch(&server.url("/drip"), &NONE)
        .await
        .expect_err("too slow");
    assert!(matches!(err, FetchError::TooSlow { min: 512, .. }), "{err}");
    assert!(err.to_string().contains("min_bytes_per_sec"), "{err}");
    assert!(err.is_retryable(), "a later run may find the site well");
    assert_eq!(
        server.log.requests("/drip").len(),
        1,
        "a trickle is not retried at once"
    );
    let sent = server.log.body_bytes_sent.load(Ordering::SeqCst);
    assert!(sent < 30, "abandoned after {sent} bytes");
}

#[tokio::test]
async fn the_page_deadline_cuts_off_a_trickle_fast_enough_for_the_rate() {
    let server = Server::start(|req| async move {
        streamed(
            "text/html",
            req.log,
            400,
            Bytes::from_static(b"<p>x</p>"),
            Duration::from_millis(50),
        )
    })
    .await;
    let settings = FetchSettings {
        page_timeout_secs: 2,
        min_bytes_per_sec: 0,
        ..quick()
    };
    let err = fetcher(settings)
        .fetch(&server.url("/trickle"), &NONE)
        .await
        .expect_err("page deadline");
    assert!(
        matches!(err, FetchError::PageTimeout { secs: 2, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("page_timeout_secs"), "{err}");
    assert_eq!(server.log.requests("/trickle").len(), 1);
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_names_the_fault() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = [0u8; 2048];
            let _ = socket.read(&mut request).await;
            let _ = socket
                .write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 5000\r\n\r\n<p>only part</p>",
                )
                .await;
            let _ = socket.shutdown().await;
        }
    });
    let settings = FetchSettings {
        max_retries: 0,
        ..quick()
    };
    let err = fetcher(settings)
        .fetch(&format!("http://{addr}/short"), &NONE)
        .await
        .expect_err("truncated");
    assert!(
        matches!(err, FetchError::Truncated { received: 16, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("promised"), "{err}");
}
