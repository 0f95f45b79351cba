//! `extract`: a page in, its conference and dates out.

use crate::support::{cli, run};

#[test]
fn a_page_that_breaks_the_html_rules_is_read_without_noise() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Text straight inside <table> makes html5ever warn ("foster parenting").
    let page = dir.path().join("cfp.html");
    std::fs::write(
        &page,
        "<h1>FooConf 2026</h1><h2>Important Dates</h2>
         <table>stray text<tr><td>Paper submission</td><td>May 1, 2026</td></tr></table>",
    )
    .expect("page written");
    let (ok, stdout, stderr) = run(cli(dir.path()).args(["extract", "--json", "cfp.html"]));
    assert!(ok, "{stderr}");
    assert_eq!(
        stderr, "",
        "the page's own faults are no warning to the user"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    assert_eq!(json["dates"][0]["date"], "2026-05-01");
}

#[test]
fn a_missing_page_names_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (ok, _, stderr) = run(cli(dir.path()).args(["extract", "nowhere.html"]));
    assert!(!ok);
    assert!(stderr.contains("nowhere.html"), "{stderr}");
}
