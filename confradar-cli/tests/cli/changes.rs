//! `changes`: the change log in words, JSON, `--since`.

use crate::publish_fixture::{Kb, fails, ok, year};

#[test]
fn the_log_in_words_and_as_json() {
    let kb = Kb::seeded();
    let y = year();
    let out = ok(&kb.run(&["changes"]));
    assert!(
        out.contains(&format!(
            "ICML {y} submission: {y}-01-22 23:59 AoE → {y}-01-29 23:59 AoE"
        )),
        "{out}"
    );
    assert!(out.contains("(https://icml.cc/cfp)"), "{out}");
    let json = ok(&kb.run(&["changes", "--json", "--since", "1d"]));
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["new_value"], format!("{y}-01-29 23:59 AoE"));
    let out = ok(&kb.run(&["changes", "--since", "2999-01-01"]));
    assert!(out.contains("No changes since"), "{out}");
}

#[test]
fn a_bad_since_names_the_value() {
    let kb = Kb::seeded();
    let err = fails(&kb.run(&["changes", "--since", "last week"]));
    assert!(
        err.contains("--since 'last week'") && err.contains("7d"),
        "{err}"
    );
}
