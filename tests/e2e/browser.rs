//! The web page in a real browser: Debian's headless `chromium`, driven over
//! WebDriver (`chromedriver`, through the `fantoccini` crate). `.ci/run`
//! installs both; without them this test fails and says how to install them.
//!
//! One scenario, as a researcher would use the page: type in the search box,
//! pick a category, star a conference and reload (the star stays, and "only
//! starred" shows it alone), follow a conference link, read the countdown.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

use crate::support::{block_on, cli, run};

/// A child process killed when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap()
}

fn find(program: &str, candidates: &[&str]) -> String {
    candidates
        .iter()
        .find(|p| std::path::Path::new(p).exists())
        .map(|p| (*p).to_string())
        .unwrap_or_else(|| {
            panic!(
                "{program} is not installed: `apt-get install chromium chromium-driver` \
                 (.ci/run does it) — the browser test needs it"
            )
        })
}

/// chromedriver on a free port, ready.
fn chromedriver() -> (Killed, u16) {
    let driver = find(
        "chromedriver",
        &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"],
    );
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not listen on {port} within 20 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (Killed(child), port)
}

/// Two conferences with future deadlines, one of them moved, over SQLite.
fn serve(dir: &std::path::Path) -> (Killed, SocketAddr) {
    let year = chrono_year() + 1;
    let items = format!(
        r#"{{"key":"vldb{year}","name":"Very Large Data Bases","year":{year},"location":"London","categories":["DB"],"rankings":[{{"system":"CCF","rank":"A"}}],"url":"https://vldb.example.org/cfp","deadlines":[{{"kind":"submission","due_date":"{year}-03-01","time":"23:59","timezone":"AoE"}}]}}
{{"key":"icml{year}","name":"International Conference on Machine Learning","year":{year},"location":"Seoul","categories":["AI"],"rankings":[{{"system":"CCF","rank":"A"}}],"url":"https://icml.example.org/cfp","deadlines":[{{"kind":"submission","due_date":"{year}-01-30","time":"23:59","timezone":"AoE"}}]}}
"#
    );
    std::fs::write(dir.join("items.jsonl"), items).unwrap();
    let db = ["--database-url", "sqlite://kb.db"];
    run(cli(dir)
        .args(db)
        .args(["import", "items.jsonl", "--format", "jsonl"]))
    .assert_exit(0);
    let mut child = cli(dir)
        .args(db)
        .args(["serve", "--bind", "127.0.0.1:0"])
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
        .and_then(|a| a.trim().parse().ok())
        .unwrap_or_else(|| panic!("serve prints its address: {line:?}"));
    (Killed(child), addr)
}

fn chrono_year() -> i32 {
    // The year now, from the system clock (no chrono dependency in this crate).
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    1970 + i32::try_from(secs / 31_556_952).unwrap()
}

async fn browser(port: u16) -> Client {
    let chromium = find(
        "chromium",
        &["/usr/bin/chromium", "/usr/lib/chromium/chromium"],
    );
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=360,900"]
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .unwrap_or_else(|e| panic!("cannot start headless chromium through chromedriver: {e}"))
}

/// The `data-conference` keys of the rows shown.
async fn shown(client: &Client) -> Vec<String> {
    let mut keys = Vec::new();
    for row in client
        .find_all(Locator::Css("tr[data-conference]"))
        .await
        .unwrap()
    {
        if row.is_displayed().await.unwrap() {
            keys.push(
                row.attr("data-conference")
                    .await
                    .unwrap()
                    .unwrap_or_default(),
            );
        }
    }
    keys.sort();
    keys
}

#[test]
fn a_researcher_searches_filters_stars_and_follows_a_conference_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, addr) = serve(dir.path());
    let (_driver, port) = chromedriver();
    let year = chrono_year() + 1;
    let (icml, vldb) = (format!("icml{year}"), format!("vldb{year}"));
    block_on(async move {
        let client = browser(port).await;
        let base = format!("http://{addr}");
        client.goto(&format!("{base}/")).await.unwrap();
        assert_eq!(shown(&client).await, [icml.clone(), vldb.clone()]);

        // The countdown is refined by the script: "in N days …".
        let countdown = client
            .find(Locator::Css(&format!(
                "tr[data-conference='{icml}'] .countdown"
            )))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            countdown.starts_with("in ") && countdown.contains("day"),
            "{countdown}"
        );

        // Type in the search box and submit with Enter: the URL carries the filter.
        let search = client.find(Locator::Id("q")).await.unwrap();
        search.send_keys("seoul\u{E007}").await.unwrap();
        wait_for(&client, |url| url.contains("q=seoul")).await;
        assert_eq!(shown(&client).await, std::slice::from_ref(&icml));

        // Pick a category (after clearing the search) and apply.
        client.goto(&format!("{base}/")).await.unwrap();
        let category = client.find(Locator::Id("category")).await.unwrap();
        category.select_by_value("DB").await.unwrap();
        client
            .find(Locator::Css("form.filters button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for(&client, |url| url.contains("category=DB")).await;
        assert_eq!(shown(&client).await, std::slice::from_ref(&vldb));

        // Star ICML, reload: the star stays; "only starred" shows it alone.
        client.goto(&format!("{base}/")).await.unwrap();
        let star = format!("button.star[data-key='{icml}']");
        client
            .find(Locator::Css(&star))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client.refresh().await.unwrap();
        let pressed = client
            .find(Locator::Css(&star))
            .await
            .unwrap()
            .attr("aria-pressed")
            .await
            .unwrap();
        assert_eq!(
            pressed.as_deref(),
            Some("true"),
            "the star survives a reload"
        );
        client
            .find(Locator::Id("starred"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        assert_eq!(shown(&client).await, std::slice::from_ref(&icml));

        // Follow the conference link.
        client.goto(&format!("{base}/")).await.unwrap();
        client
            .find(Locator::Css(&format!("a[href='/conference/{icml}']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for(&client, |url| url.ends_with(&format!("/conference/{icml}"))).await;
        let heading = client
            .find(Locator::Css("h1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(heading.contains("Machine Learning"), "{heading}");
        assert!(
            client
                .source()
                .await
                .unwrap()
                .contains("https://icml.example.org/cfp")
        );

        client.close().await.unwrap();
    });
    let _ = std::io::stderr().flush();
}

/// Waits (up to 10 s) until the browser's URL satisfies `done`.
async fn wait_for(client: &Client, done: impl Fn(&str) -> bool) {
    let started = Instant::now();
    loop {
        let url = client.current_url().await.unwrap().to_string();
        if done(&url) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "still at {url}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
