//! `serve`: the binary on an ephemeral port, over real HTTP; Ctrl-C stops it.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use crate::publish_fixture::{Kb, year};

#[test]
fn serves_the_page_the_api_and_the_feed_then_stops_on_ctrl_c() {
    let kb = Kb::seeded();
    let y = year();
    let mut child = kb
        .command()
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the address is printed")
        .to_string();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = reqwest::Client::new();
        let page = client.get(&base).send().await.unwrap();
        assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
        let html = page.text().await.unwrap();
        assert!(html.contains(&format!("ICML {y}")));
        let api = client
            .get(format!("{base}api/deadlines?kind=submission"))
            .send()
            .await
            .unwrap();
        assert_eq!(api.headers()["content-type"], "application/json");
        let etag = api.headers()["etag"].clone();
        let rows: serde_json::Value = serde_json::from_str(&api.text().await.unwrap()).unwrap();
        assert_eq!(rows.as_array().unwrap().len(), 2);
        let again = client
            .get(format!("{base}api/deadlines?kind=submission"))
            .header("if-none-match", etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304);
        let feed = client
            .get(format!("{base}calendar.ics"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            feed.headers()["content-type"],
            "text/calendar; charset=utf-8"
        );
        assert!(feed.text().await.unwrap().contains("BEGIN:VEVENT"));
    });

    // Ctrl-C: a graceful, successful exit.
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(
                status.success(),
                "serve exits cleanly on Ctrl-C: {status:?}"
            );
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "serve did not stop on Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
