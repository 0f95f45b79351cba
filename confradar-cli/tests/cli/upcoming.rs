//! `upcoming`: the table, the local zone, the change mark, filters, JSON, errors.

use crate::publish_fixture::{Kb, fails, ok, year};

#[test]
fn table_shows_published_and_local_times_countdowns_and_the_moved_deadline() {
    let kb = Kb::seeded();
    let y = year();
    let out = ok(&kb.run(&["upcoming", "--tz", "Europe/Paris"]));
    assert!(out.contains("Your time (Europe/Paris)"), "{out}");
    assert!(out.contains(&format!("{y}-01-29 23:59 AoE")), "{out}");
    // 23:59 AoE on the 29th is 11:59 UTC on the 30th, 12:59 in Paris (winter).
    assert!(out.contains(&format!("{y}-01-30 12:59 CET")), "{out}");
    assert!(out.contains(&format!("* was {y}-01-22 23:59 AoE")), "{out}");
    assert!(out.contains("in "), "a countdown: {out}");
    // Sorted by UTC instant: abstract, submission, then the workshop.
    let abstract_at = out.find("abstract").unwrap();
    let submission_at = out.find(&format!("{y}-01-29")).unwrap();
    let workshop_at = out.find("EVIL").unwrap();
    assert!(
        abstract_at < submission_at && submission_at < workshop_at,
        "{out}"
    );
}

#[test]
fn tz_from_the_environment_and_aoe() {
    let kb = Kb::seeded();
    let y = year();
    let out = ok(&kb
        .command()
        .env("TZ", "Asia/Tokyo")
        .args(["upcoming", "--kind", "submission"])
        .output()
        .unwrap());
    assert!(out.contains(&format!("{y}-01-30 20:59 JST")), "{out}");
    let out = ok(&kb.run(&[
        "upcoming",
        "--tz",
        "AoE",
        "--kind",
        "submission",
        "--series",
        "icml",
    ]));
    assert!(out.contains(&format!("{y}-01-29 23:59 AoE")), "{out}");
}

#[test]
fn filters_and_json() {
    let kb = Kb::seeded();
    let y = year();
    let json = ok(&kb.run(&["upcoming", "--json", "--kind", "submission", "--limit", "1"]));
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["conference"], format!("ICML {y}"));
    assert_eq!(rows[0]["due_at"], format!("{y}-01-30T11:59:00Z"));
    assert_eq!(
        rows[0]["last_change"]["old_value"],
        format!("{y}-01-22 23:59 AoE")
    );
    // --until a date keeps a deadline due that day in AoE (the UTC instant is the next day).
    let json = ok(&kb.run(&["upcoming", "--json", "--until", &format!("{y}-01-29")]));
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2, "{json}");
    let json = ok(&kb.run(&["upcoming", "--json", "--from", &format!("{y}-02-01")]));
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1, "{json}");
    let out = ok(&kb.run(&["upcoming", "--from", "2000-01-01", "--until", "2000-02-01"]));
    assert!(out.contains("No deadlines match"), "{out}");
}

#[test]
fn bad_values_are_named_with_the_allowed_ones() {
    let kb = Kb::seeded();
    let err = fails(&kb.run(&["upcoming", "--from", "tomorrowish"]));
    assert!(
        err.contains("--from 'tomorrowish'") && err.contains("RFC 3339"),
        "{err}"
    );
    let err = fails(&kb.run(&["upcoming", "--kind", "deadlinez"]));
    assert!(
        err.contains("deadlinez") && err.contains("camera_ready"),
        "{err}"
    );
    let err = fails(&kb.run(&["upcoming", "--tz", "Mars/Olympus"]));
    assert!(
        err.contains("Mars/Olympus") && err.contains("Europe/Paris"),
        "{err}"
    );
    let err = fails(&kb.run(&["upcoming", "--series", "nosuchseries"]));
    assert!(err.contains("nosuchseries"), "{err}");
    let err = fails(&kb.run(&["upcoming", "--from", "2030-01-05", "--until", "2030-01-01"]));
    assert!(err.contains("--until"), "{err}");
}
