//! End-to-end rules of the extractor, on small pages of our own writing.

use super::*;
use crate::kind::DeadlineKind;
use DeadlineKind::*;
use chrono::{NaiveDate, NaiveTime};

fn dates_of(body: &str, format: Format) -> Vec<ExtractedDate> {
    extract(body, format).page.dates
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

/// (kind, date, end, struck) of every date, for compact assertions.
fn summary(dates: &[ExtractedDate]) -> Vec<(DeadlineKind, String, Option<String>, bool)> {
    dates
        .iter()
        .map(|d| {
            (
                d.kind,
                d.date.to_string(),
                d.end_date.map(|e| e.to_string()),
                d.struck,
            )
        })
        .collect()
}

fn row(
    kind: DeadlineKind,
    date: &str,
    end: Option<&str>,
    struck: bool,
) -> (DeadlineKind, String, Option<String>, bool) {
    (kind, date.to_string(), end.map(str::to_string), struck)
}

#[test]
fn html_list_with_extension_and_page_rule() {
    let page = r#"<html><head><title>FooConf 2025</title><script>var d = "May 1, 2025";</script></head>
      <body><nav><a href="dates">Important Dates</a></nav>
      <h2>Important Dates</h2>
      <ul>
        <li>Abstract registration: <del>March 29</del> extended to April 12, 2025</li>
        <li>Full paper submission: April 19, 2025, 11:59pm PDT</li>
        <li>Notification: May 22, 2025</li>
        <li>Conference: August 21-23, 2025</li>
      </ul>
      <p>All deadlines are 23:59 AoE.</p>
      <!-- <li>Old deadline: March 1, 2025</li> -->
      <footer>Last updated: January 3, 2025</footer></body></html>"#;
    let dates = dates_of(page, Format::Html);
    assert_eq!(
        summary(&dates),
        vec![
            row(Abstract, "2025-03-29", None, true),
            row(Abstract, "2025-04-12", None, false),
            row(Submission, "2025-04-19", None, false),
            row(Notification, "2025-05-22", None, false),
            row(Conference, "2025-08-21", Some("2025-08-23"), false),
        ]
    );
    // The page-wide rule fills deadlines only; the line's own time and zone win.
    assert_eq!(dates[0].timezone.as_deref(), Some("AoE"));
    assert_eq!(
        dates[1].time.map(|t| t.to_string()).as_deref(),
        Some("23:59:00")
    );
    assert_eq!(dates[2].timezone.as_deref(), Some("PDT"));
    assert_eq!(dates[3].timezone, None);
    assert_eq!(dates[4].time, None);
}

#[test]
fn table_rows_with_label_column_and_struck_cells() {
    let page = r#"<h2>Key Dates</h2><table>
      <tr><th>Event</th><th>Deadline (AoE)</th></tr>
      <tr><td>Paper deadline</td><td><s>May 9, 2026</s><br>May 20, 2026</td></tr>
      <tr><td>Camera-ready due</td><td><span style="text-decoration: line-through">July 1, 2026</span> July 17, 2026</td></tr>
      <tr><td>Acceptance notification</td><td><span class="strike">June 20, 2026</span> June 26, 2026</td></tr>
    </table>"#;
    let dates = dates_of(page, Format::Html);
    assert_eq!(
        summary(&dates),
        vec![
            row(Submission, "2026-05-09", None, true),
            row(Submission, "2026-05-20", None, false),
            row(CameraReady, "2026-07-01", None, true),
            row(CameraReady, "2026-07-17", None, false),
            row(Notification, "2026-06-20", None, true),
            row(Notification, "2026-06-26", None, false),
        ]
    );
    // "Deadline (AoE)" in the header applies to deadlines, not notifications.
    assert_eq!(dates[1].timezone.as_deref(), Some("AoE"));
    assert_eq!(dates[5].timezone, None);
}

#[test]
fn a_date_pairs_with_the_label_of_its_own_record() {
    // Date first, label second, in separate blocks of one item, card or grid row:
    // the label before the date belongs to the previous record.
    let page = r#"<h1>FooConf 2025</h1><h2>Important Dates</h2><ul>
      <li><div class="date">01 August, 2025</div><div>Paper Submission Deadline</div></li>
      <li><div class="date">01 September, 2025</div><div>Notification of Acceptance</div></li>
      </ul>
      <div class="card"><span>2025-09-15</span><p>Camera-ready version</p></div>
      <div class="row"><div class="col">2025-10-10</div><div class="col">Early registration</div></div>
      <dl><dt>Rebuttal</dt><dd>July 1, 2025</dd></dl>
      <dl><dt>July 2, 2025</dt><dd>Author notification</dd><dt>July 3, 2025</dt><dd>Final papers due</dd></dl>"#;
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![
            row(Submission, "2025-08-01", None, false),
            row(Notification, "2025-09-01", None, false),
            row(CameraReady, "2025-09-15", None, false),
            row(Registration, "2025-10-10", None, false),
            row(Rebuttal, "2025-07-01", None, false),
            row(Notification, "2025-07-02", None, false),
            row(CameraReady, "2025-07-03", None, false),
        ]
    );
}

#[test]
fn several_dates_on_one_line_take_their_own_words() {
    let page = "# FooConf 2025\n\n## Important Dates\n\n\
        - Abstract: May 1, 2025, 12:00 UTC; Full paper: May 8, 2025, 23:59 AoE\n\
        - The submission deadline is May 10, 2025 and notification will be sent on June 1, 2025.\n\
        - Submission: <del>May 12, 2025</del> extended to May 15, 2025\n";
    let dates = dates_of(page, Format::Markdown);
    assert_eq!(
        summary(&dates),
        vec![
            row(Abstract, "2025-05-01", None, false),
            row(Submission, "2025-05-08", None, false),
            row(Submission, "2025-05-10", None, false),
            row(Notification, "2025-06-01", None, false),
            row(Submission, "2025-05-12", None, true),
            row(Submission, "2025-05-15", None, false),
        ]
    );
    assert_eq!(dates[0].timezone.as_deref(), Some("UTC"));
    assert_eq!(dates[1].timezone.as_deref(), Some("AoE"));
    assert_eq!(
        dates[1].time.map(|t| t.to_string()).as_deref(),
        Some("23:59:00")
    );
}

#[test]
fn deeply_nested_markup_keeps_its_dates() {
    // 100,000 unclosed tags (a quadratic case for the HTML tree builder)
    // are bounded before parsing; what the page says is still read.
    for open in ["<div>", "<div><span><b>", "<section><ul>"] {
        let page = format!(
            "<h1>FooConf 2025</h1><h2>Important Dates</h2>{}<p>Paper submission: May 1, 2025</p><p>Notification: June 2, 2025</p>",
            open.repeat(100_000 / open.matches('<').count())
        );
        assert_eq!(
            summary(&dates_of(&page, Format::Html)),
            vec![
                row(Submission, "2025-05-01", None, false),
                row(Notification, "2025-06-02", None, false),
            ],
            "{open}"
        );
    }
}

#[test]
fn years_come_from_the_edition_when_no_date_has_one() {
    let deadlines = "<li>Abstract deadline: November 15</li><li>Paper submission: November 22</li>\
        <li>Notification: February 1</li><li>Camera-ready: March 15</li>";
    let want_deadlines = vec![
        row(Abstract, "2025-11-15", None, false),
        row(Submission, "2025-11-22", None, false),
        row(Notification, "2026-02-01", None, false),
        row(CameraReady, "2026-03-15", None, false),
    ];
    // With the event given without a year, and without any event at all.
    let with_event = format!(
        "<title>FooConf 2026</title><h2>Important Dates</h2><ul>{deadlines}<li>Conference: June 10-12</li></ul>"
    );
    let mut want = want_deadlines.clone();
    want.push(row(Conference, "2026-06-10", Some("2026-06-12"), false));
    assert_eq!(summary(&dates_of(&with_event, Format::Html)), want);
    let without =
        format!("<title>FooConf 2026</title><h2>Important Dates</h2><ul>{deadlines}</ul>");
    assert_eq!(summary(&dates_of(&without, Format::Html)), want_deadlines);
}

#[test]
fn flat_blocks_follow_the_pages_own_order() {
    // Label after date, in sibling paragraphs: the first date shows the order.
    let after = "<h2>Important Dates</h2><p>May 1, 2025</p><p>Paper submission</p>\
        <p>June 1, 2025</p><p>Notification</p><p>July 1, 2025</p><p>Camera-ready due</p>";
    let before = "<h2>Important Dates</h2><p>Paper submission</p><p>May 1, 2025</p>\
        <p>Notification</p><p>June 1, 2025</p><p>Camera-ready due</p><p>July 1, 2025</p>";
    for page in [after, before] {
        assert_eq!(
            summary(&dates_of(page, Format::Html)),
            vec![
                row(Submission, "2025-05-01", None, false),
                row(Notification, "2025-06-01", None, false),
                row(CameraReady, "2025-07-01", None, false),
            ],
            "{page}"
        );
    }
}

#[test]
fn a_label_on_its_own_line_brings_its_time() {
    let page = "<h2>Important Dates</h2><dl><dt>Submission deadline (11:59 PM PT)</dt>\
        <dd>May 1, 2025</dd><dt>Notification</dt><dd>June 1, 2025</dd></dl>";
    let dates = dates_of(page, Format::Html);
    assert_eq!(dates[0].time, NaiveTime::from_hms_opt(23, 59, 0));
    assert_eq!(dates[0].timezone.as_deref(), Some("PT"));
    assert_eq!(dates[1].time, None);
}

#[test]
fn an_updated_dates_section_is_still_the_dates_section() {
    let page = "# FooConf 2025\n\n## Important Dates (updated!)\n\n\
        - Paper submission: May 1, 2025\n\n## News\n\n- May 2, 2025: we received 300 submissions\n";
    assert_eq!(
        summary(&dates_of(page, Format::Markdown)),
        vec![row(Submission, "2025-05-01", None, false)]
    );
}

#[test]
fn rows_with_several_dates_take_the_column_headings() {
    let page = "<h2>Deadlines</h2><table><tr><th>Track</th><th>Submission</th><th>Notification</th></tr>\
                <tr><td>Full papers</td><td>March 1, 2025</td><td>May 1, 2025</td></tr>\
                <tr><td>Posters</td><td>April 1, 2025</td><td>May 15, 2025</td></tr></table>";
    let dates = dates_of(page, Format::Html);
    assert_eq!(
        summary(&dates),
        vec![
            row(Submission, "2025-03-01", None, false),
            row(Notification, "2025-05-01", None, false),
            row(Submission, "2025-04-01", None, false),
            row(Notification, "2025-05-15", None, false),
        ]
    );
    assert_eq!(dates[1].label, "Full papers: Notification");
}

#[test]
fn definition_lists_and_heading_paragraph_pairs() {
    let page = "<h2>Deadlines</h2><dl><dt>Workshop proposals</dt><dd>15 January 2025</dd>\
                <dt>Tutorial proposals</dt><dd>2025-01-22</dd></dl>\
                <h3>Camera-ready deadline</h3><p>Friday, 14th March 2025</p>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![
            row(Submission, "2025-01-15", None, false),
            row(Submission, "2025-01-22", None, false),
            row(CameraReady, "2025-03-14", None, false),
        ]
    );
}

#[test]
fn markdown_tables_bullets_and_tilde_strike() {
    let md = "---\ntitle: Dates\ndescription: Paper deadline May 1, 2025\n---\n\
              # Important Dates\n\n\
              *All deadlines are 11:59pm AoE.*\n\n\
              - Paper submission: ~~May 1, 2025~~ May 8, 2025\n\
              - Author response: June 2–6, 2025\n\n\
              | Event | Date |\n|---|---|\n| Notification | June 30, 2025 |\n| Main conference | Sep 1-3, 2025 |\n";
    let dates = dates_of(md, Format::Markdown);
    assert_eq!(
        summary(&dates),
        vec![
            row(Submission, "2025-05-01", None, true),
            row(Submission, "2025-05-08", None, false),
            row(Rebuttal, "2025-06-02", Some("2025-06-06"), false),
            row(Notification, "2025-06-30", None, false),
            row(Conference, "2025-09-01", Some("2025-09-03"), false),
        ]
    );
    // A time printed once applies to the struck date too; periods get no rule.
    assert_eq!(dates[0].time, NaiveTime::from_hms_opt(23, 59, 0));
    assert_eq!(dates[2].time, None);
}

#[test]
fn plain_text_pages() {
    let text = "FooConf 2025 - Call for Papers\n\nIMPORTANT DATES\nSubmission deadline: 15 March 2025 (AoE)\nNotification: 1 May 2025\n";
    let got = extract(text, Format::Text);
    assert_eq!(
        summary(&got.page.dates),
        vec![
            row(Submission, "2025-03-15", None, false),
            row(Notification, "2025-05-01", None, false)
        ]
    );
    assert_eq!(got.page.dates[0].timezone.as_deref(), Some("AoE"));
}

#[test]
fn a_date_called_replaced_is_kept_but_not_struck() {
    // Struck means shown struck through; words alone leave it as written.
    let md = "## Dates\n\n- Submission deadline: Mar 8, 2015 (extended from Feb 25)\n- Workshop: 3 May 2015 (previously 2 May 2015)\n";
    assert_eq!(
        summary(&dates_of(md, Format::Markdown)),
        vec![
            row(Submission, "2015-03-08", None, false),
            row(Submission, "2015-02-25", None, false),
            row(Workshop, "2015-05-03", None, false),
            row(Workshop, "2015-05-02", None, false)
        ]
    );
}

#[test]
fn an_entry_in_brackets_is_a_side_note() {
    let md = "## Timeline\n\n- (Main track notifications: June 3, 2031)\n- Paper deadline: June 9, 2031\n";
    assert_eq!(
        summary(&dates_of(md, Format::Markdown)),
        vec![
            row(Other, "2031-06-03", None, false),
            row(Submission, "2031-06-09", None, false)
        ]
    );
}

#[test]
fn a_bold_news_title_ends_a_dates_panel() {
    let page = "<h1>Foo 2031</h1><div><b>Important Dates</b></div><table><tr><td>Mar 3, 2031: Paper submission</td></tr></table>\
        <div><b>Latest News</b></div><table><tr><td>Feb 1, 2031: Submission site open</td></tr></table>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![row(Submission, "2031-03-03", None, false)]
    );
}

#[test]
fn past_dates_are_this_editions_passed_ones() {
    let md = "## Dates\n\n| Date | Event |\n|--|--|\n| July 9, 2031 | Paper deadline |\n\n## Past Dates\n\n| Date | Event |\n|--|--|\n| March 2, 2031 | Abstract deadline |\n";
    assert_eq!(
        summary(&dates_of(md, Format::Markdown)),
        vec![
            row(Submission, "2031-07-09", None, false),
            row(Abstract, "2031-03-02", None, false)
        ]
    );
}

#[test]
fn a_registration_step_takes_the_deadline_rule() {
    let md = "## Important Dates\n\nAll deadlines are AoE.\n\n- Paper due: May 1, 2031\n- Copyright registration completed by authors: June 2, 2031\n- Notification: June 1, 2031\n";
    let dates = dates_of(md, Format::Markdown);
    let zones: Vec<Option<&str>> = dates.iter().map(|d| d.timezone.as_deref()).collect();
    assert_eq!(zones, vec![Some("AoE"), Some("AoE"), None]);
}

#[test]
fn impossible_and_ambiguous_dates_are_dropped_with_a_diagnostic() {
    let page = "<h2>Important Dates</h2><ul><li>Submission: February 30, 2025</li><li>Notification: 05/06/2025</li><li>Camera ready: June 30, 2025</li></ul>";
    let got = extract(page, Format::Html);
    assert_eq!(
        summary(&got.page.dates),
        vec![row(CameraReady, "2025-06-30", None, false)]
    );
    let messages: Vec<String> = got.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("February 30, 2025") && m.contains("no such day")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("05/06/2025") && m.contains("ambiguous")),
        "{messages:?}"
    );
}

#[test]
fn years_are_inferred_from_the_event() {
    let page = "<header><div>Springfield, USA, June 20 - June 24, 2016</div></header>\
                <h2>Important Dates</h2><table>\
                <tr><td>Challenge announcement</td><td>December 15<sup>th</sup></td></tr>\
                <tr><td>Abstracts</td><td>February 29<sup>th</sup></td></tr></table>";
    let got = extract(page, Format::Html);
    assert_eq!(
        summary(&got.page.dates),
        vec![
            row(Conference, "2016-06-20", Some("2016-06-24"), false),
            row(Other, "2015-12-15", None, false),
            // The only thing submitted: the submission.
            row(Submission, "2016-02-29", None, false),
        ]
    );
    assert_eq!(got.page.location.as_deref(), Some("Springfield, USA"));
}

#[test]
fn news_copyright_and_menus_are_not_deadlines() {
    let page = "<h2>News</h2><p>March 3, 2025: the submission deadline was extended!</p>\
                <ul class='menu'><li><a href='/cfp'>Submission deadline May 1, 2025</a></li></ul>\
                <h2>Important Dates</h2><p>Paper submission: April 1, 2025</p>\
                <p>© 2024 FooConf. Page updated 2024-12-01.</p>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![row(Submission, "2025-04-01", None, false)]
    );
}

#[test]
fn repeated_events_are_kept_once_but_per_track_deadlines_stay() {
    let md = "# Important dates\n\n## Main\n\n- Tutorials: May 31, 2015\n- Camera ready: Mar 30, 2015\n\n\
              ## Demos\n\n- Tutorial date: May 31, 2015\n- Camera ready: Mar 30, 2015\n";
    assert_eq!(
        summary(&dates_of(md, Format::Markdown)),
        vec![
            row(Tutorial, "2015-05-31", None, false),
            row(CameraReady, "2015-03-30", None, false),
            row(CameraReady, "2015-03-30", None, false),
        ]
    );
}

#[test]
fn other_events_announced_on_the_page_are_other() {
    let page = "<title>RuleFoo 2014</title><h1>Important Dates</h1><table>\
                <tr><td>RuleFoo 2014 will take place on:</td><td>August 18-20, 2014</td></tr>\
                <tr><td>ECAI 2014 will take place on:</td><td>August 18-22, 2014</td></tr></table>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![
            row(Conference, "2014-08-18", Some("2014-08-20"), false),
            row(Other, "2014-08-18", Some("2014-08-22"), false),
        ]
    );
}

#[test]
fn json_shape_matches_the_issue() {
    let got = extract(
        "<h2>Important Dates</h2><p>Paper submission: May 15, 2025, 23:59 AoE</p>",
        Format::Html,
    );
    let json = serde_json::to_value(&got.page).unwrap_or_default();
    let first = &json["dates"][0];
    assert_eq!(first["kind"], "submission");
    assert_eq!(first["date"], "2025-05-15");
    assert_eq!(first["end_date"], serde_json::Value::Null);
    assert_eq!(first["time"], "23:59");
    assert_eq!(first["timezone"], "AoE");
    assert_eq!(first["struck"], false);
    assert_eq!(first["label"], "Paper submission");
}

#[test]
fn format_detection_and_names() {
    assert_eq!(Format::detect("x/cfp.html", None, ""), Format::Html);
    assert_eq!(
        Format::detect("https://a.org/cfp.md?raw=1", Some("text/plain"), ""),
        Format::Markdown
    );
    assert_eq!(Format::detect("notes.txt", None, "<p>hi</p>"), Format::Text);
    assert_eq!(
        Format::detect("page", Some("text/html"), "# Title"),
        Format::Html
    );
    assert_eq!(
        Format::detect("page", None, "# Dates\n\n- Paper: May 1\n"),
        Format::Markdown
    );
    assert_eq!(
        Format::detect("page", None, "<!DOCTYPE html><html>"),
        Format::Html
    );
    assert_eq!(
        Format::detect("page", None, "Deadline: May 1"),
        Format::Text
    );
    for format in Format::ALL {
        assert_eq!(format.as_str().parse::<Format>(), Ok(format));
    }
    assert!(
        "pdf"
            .parse::<Format>()
            .is_err_and(|e| e.to_string().contains("html, markdown or text"))
    );
}

#[test]
fn the_free_function_and_the_trait_agree() {
    let page = "<h2>Dates</h2><p>Submission: 2025-03-15</p>";
    let via_trait: &dyn Extractor = &RuleExtractor;
    assert_eq!(
        via_trait.extract(page, Format::Html),
        extract(page, Format::Html)
    );
    assert_eq!(
        day("2025-03-15"),
        extract(page, Format::Html).page.dates[0].date
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "<div>",
        "</div>",
        "<table>",
        "<tr>",
        "<td>",
        "</td>",
        "</tr>",
        "</table>",
        "<del>",
        "</del>",
        "<s>",
        "<br>",
        "<h2>",
        "</h2>",
        "<li>",
        "<ul>",
        "<!--",
        "-->",
        "<script>",
        "</script>",
        "~~",
        "| ",
        "\n",
        "# ",
        "- ",
        "Important Dates",
        "Deadline",
        "Submission:",
        "Notification",
        "Camera-ready",
        " March ",
        " 15 ",
        "2025",
        "31",
        "-",
        "–",
        " to ",
        " & ",
        "February 30",
        "11:59pm",
        " AoE ",
        "UTC-12",
        "noon",
        "2025-02-29",
        "05/06/2025",
        "15th",
        "Friday, ",
        "extended from ",
        "(",
        ")",
        "&nbsp;",
        "\u{a0}",
        "é",
        "😀",
        "<",
        ">",
    ];

    fn soup() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..200)
            .prop_map(|parts| parts.concat())
    }

    fn formats() -> impl Strategy<Value = Format> {
        proptest::sample::select(Format::ALL.to_vec())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_strings_never_panic(body in ".{0,400}", format in formats()) {
            let got = extract(&body, format);
            // Every date found is written in the input: output stays bounded by it.
            prop_assert!(got.page.dates.len() <= body.len() / 4 + 1);
        }

        #[test]
        fn html_and_markdown_soup_never_panics(body in soup(), format in formats()) {
            let got = extract(&body, format);
            prop_assert!(got.page.dates.len() <= body.len() / 4 + 1);
            for date in &got.page.dates {
                if let Some(end) = date.end_date {
                    prop_assert!(end > date.date);
                }
                prop_assert!(date.label.chars().count() <= 201);
            }
        }

        #[test]
        fn repeating_a_page_scales_linearly(body in soup(), times in 1usize..12) {
            // Output grows at most in proportion to the input: no quadratic blow-up
            // in what is produced, whatever the repetition. (Not "times the dates
            // of one copy": a copy can take context such as a year from its
            // neighbour and yield dates the page alone does not.)
            let many = extract(&body.repeat(times), Format::Html).page.dates.len();
            prop_assert!(many <= body.len() * times / 4 + 1);
        }
    }

    #[test]
    fn huge_inputs_finish() {
        // Pathological shapes for parsers and regexes: long digit runs, long
        // runs of dashes and month names, deep nesting, one giant line.
        let inputs = [
            "9".repeat(60_000),
            "March ".repeat(15_000),
            "15 - ".repeat(15_000),
            "<div>".repeat(2_000),
            "<td>May 1, 2025 &amp; ".repeat(5_000),
            format!(
                "<h2>Dates</h2><p>{}</p>",
                "Submission: May 1, 2025; ".repeat(5_000)
            ),
            "~~".repeat(30_000),
            "| a | b |\n".repeat(10_000),
        ];
        for input in inputs {
            for format in Format::ALL {
                let got = extract(&input, format);
                assert!(got.page.dates.len() <= input.len() / 4 + 1);
            }
        }
    }
}

#[test]
fn a_time_stays_in_its_sentence() {
    let page = "<h1>QUUX 2031</h1><h2>Call for Papers</h2><p>Papers are due May 2, 2031, 11:59pm AoE. Authors will be notified by June 20, 2031. The conference takes place September 8-10, 2031.</p>";
    let dates = dates_of(page, Format::Html);
    let got: Vec<(String, Option<String>)> = dates
        .iter()
        .map(|d| (d.kind.as_str().to_string(), d.timezone.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("submission".to_string(), Some("AoE".to_string())),
            ("notification".to_string(), None),
            ("conference".to_string(), None)
        ]
    );
}

#[test]
fn undated_deadlines_take_the_year_of_the_title() {
    let md = "# Workshop on Quiet Proofs 2031\n\n## Dates\n\n- Submission deadline: November 20\n- Notification: January 15\n- Workshop: June 3-4\n";
    assert_eq!(
        summary(&dates_of(md, Format::Markdown)),
        vec![
            row(Submission, "2030-11-20", None, false),
            row(Notification, "2031-01-15", None, false),
            row(Workshop, "2031-06-03", Some("2031-06-04"), false)
        ]
    );
}

#[test]
fn a_table_of_tracks_takes_its_kinds_from_the_row_labels() {
    // Columns are tracks ("… Papers"), rows are the deadlines.
    let page = "<h1>FooSys 2026</h1><h2>Important Dates</h2><table>
      <tr><th></th><th>Research Papers</th><th>Industry Papers</th></tr>
      <tr><td>Abstract</td><td>January 9, 2026</td><td>January 16, 2026</td></tr>
      <tr><td>Full paper</td><td>January 16, 2026</td><td>January 23, 2026</td></tr>
      <tr><td>Notification</td><td>March 20, 2026</td><td>March 27, 2026</td></tr>
      </table>";
    let kinds: Vec<DeadlineKind> = dates_of(page, Format::Html)
        .iter()
        .map(|d| d.kind)
        .collect();
    assert_eq!(
        kinds,
        vec![
            Abstract,
            Abstract,
            Submission,
            Submission,
            Notification,
            Notification
        ]
    );
    // Rows are tracks, columns are the deadlines: the column decides, also
    // for a track named after an event.
    let page = "<h1>FooSys 2026</h1><h2>Important Dates</h2><table>
      <tr><th>Track</th><th>Submission deadline</th><th>Notification</th></tr>
      <tr><td>Tutorials</td><td>February 2, 2026</td><td>March 2, 2026</td></tr>
      </table>";
    let kinds: Vec<DeadlineKind> = dates_of(page, Format::Html)
        .iter()
        .map(|d| d.kind)
        .collect();
    assert_eq!(kinds, vec![Submission, Notification]);
}

#[test]
fn a_card_with_its_date_before_its_heading_takes_the_heading() {
    let page = r#"<h1>FooSys 2026</h1><h2>Important Dates</h2><h3>Doctoral Symposium</h3>
      <div class="timeline">
        <div class="item"><span class="date">Feb 20, 2026</span><h4>Submission</h4><p>Send a 4-page summary.</p></div>
        <div class="item"><span class="date">Mar 30, 2026</span><h4>Notification</h4><p>Sent by email.</p></div>
      </div>"#;
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![
            row(Submission, "2026-02-20", None, false),
            row(Notification, "2026-03-30", None, false),
        ]
    );
}

#[test]
fn a_table_headed_event_and_date_is_a_dates_section() {
    // No "Important Dates" heading: the table's own header says what it is.
    let page = "<h1>Foo 2026</h1><table>
      <tr><th>Event</th><th>Date</th></tr>
      <tr><td>Submission</td><td>February 20, 2026</td></tr>
      <tr><td>Tutorial</td><td>June 7th 2026</td></tr>
      <tr><td>Conference</td><td>June 8-10th 2026</td></tr>
      </table><p>Our sponsor meeting: March 3, 2026</p>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![
            row(Submission, "2026-02-20", None, false),
            row(Tutorial, "2026-06-07", None, false),
            row(Conference, "2026-06-08", Some("2026-06-10"), false),
        ]
    );
}

#[test]
fn a_table_of_deadlines_keeps_its_event_row() {
    // No heading names the dates, but two deadlines make the table one.
    let page = "<h1>ML4H: Machine Learning for Health, NIPS 2017 Workshop</h1><table>
      <tr><td>2017/10/30</td><td>submission deadline</td></tr>
      <tr><td>2017/11/10</td><td>acceptance notification</td></tr>
      <tr><td>2017/12/08</td><td>Workshop in Long Beach, CA</td></tr>
      </table><p>Workshop dinner: 2017/12/09</p>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![
            row(Submission, "2017-10-30", None, false),
            row(Notification, "2017-11-10", None, false),
            row(Workshop, "2017-12-08", None, false),
        ]
    );
}

#[test]
fn a_page_of_thousands_of_dates_keeps_a_bounded_number() {
    let mut page = String::from("<h1>FooConf 2026</h1><h2>Important Dates</h2><ul>");
    for i in 0..3000 {
        page.push_str(&format!(
            "<li>Round {i} submission: {} {}, 2026</li>",
            ["January", "March", "May", "July"][i % 4],
            1 + i % 28
        ));
    }
    let got = extract(&page, Format::Html);
    assert_eq!(got.page.dates.len(), MAX_DATES);
    assert!(
        got.diagnostics
            .iter()
            .any(|d| d.message.contains("only the first 500 kept")),
        "{:?}",
        got.diagnostics.last()
    );
}

#[test]
fn fuzz_regression_a_time_overlapping_a_zone_in_a_bare_line() {
    // Found by `scripts/fuzz.sh extract_html`: a panic in the bare-time rule.
    let page =
        include_bytes!("../../tests/fixtures/fuzz/extract_html-overlapping-time-and-zone.html");
    let got = extract(&String::from_utf8_lossy(page), Format::Html);
    assert!(got.page.dates.len() <= MAX_DATES);
}

#[test]
fn markdown_items_run_on_over_wrapped_lines() {
    // The label wraps onto a line of its own, and the strike spans the break.
    let page = "# FooConf 2025\n\n## Dates importantes\n\n\
        * Date limite de soumission : ~~vendredi 28\n  février 2025~~ vendredi 14 mars 2025\n\
        * Date limite de soumission\nd'ateliers : vendredi\n14 mars 2025\n\
        * Notification : vendredi 18 avril 2025\n";
    assert_eq!(
        summary(&dates_of(page, Format::Markdown)),
        vec![
            row(Submission, "2025-02-28", None, true),
            row(Submission, "2025-03-14", None, false),
            row(Submission, "2025-03-14", None, false),
            row(Notification, "2025-04-18", None, false),
        ]
    );
}

#[test]
fn an_edition_that_takes_place_is_the_event_in_other_languages() {
    let page = "# Compas 2025\n\nL'édition 2025 de Compas aura lieu du mardi 24 au vendredi 27 juin 2025 à Bordeaux.\n";
    assert_eq!(
        summary(&dates_of(page, Format::Markdown)),
        vec![row(Conference, "2025-06-24", Some("2025-06-27"), false)]
    );
}

#[test]
fn portuguese_dates_with_slashes_around_the_month() {
    let page = "<h1>ERRC 2019</h1><h2>Datas importantes</h2><ul>\
        <li><b>15/julho/2019</b>: data limite para submissão dos trabalhos</li>\
        <li>02/agosto/2019: notificação aos autores</li>\
        <li>16-19/setembro/2019: realização do evento</li></ul>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![
            row(Submission, "2019-07-15", None, false),
            row(Notification, "2019-08-02", None, false),
            row(Conference, "2019-09-16", Some("2019-09-19"), false),
        ]
    );
}

#[test]
fn a_dates_list_repeated_under_a_second_heading_counts_once() {
    let page = "<h1>FooConf 2014</h1>\
        <h3>Important Dates</h3><ul><li>Submission: April 25, 2014</li>\
        <li>Acceptance: June 30, 2014</li><li>Workshop proposals: December 20, 2013</li></ul>\
        <h2>Call for Papers</h2><p>Text.</p><h3>Important Dates</h3><ul>\
        <li>Full Paper Submission: April 25, 2014</li>\
        <li>Notification of Acceptance: June 30, 2014</li></ul>\
        <h2>Call for Demos</h2><h3>Important Dates</h3><ul>\
        <li>Demo submission: April 25, 2014</li><li>Demo notification: July 10, 2014</li></ul>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![
            row(Submission, "2014-04-25", None, false),
            row(Notification, "2014-06-30", None, false),
            row(Submission, "2013-12-20", None, false),
            // The demos' list shares one date only: a list of its own.
            row(Submission, "2014-04-25", None, false),
            row(Notification, "2014-07-10", None, false),
        ]
    );
}

#[test]
fn a_preposition_before_the_date_leaves_the_label_after_it() {
    let page = "<h1>FOSSConf 2023</h1><h2>Termine</h2><ul>
        <li>bis 7. November 2022: Einreichung von Beiträgen</li>
        <li>until December 1, 2022: notification of acceptance</li></ul>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![
            row(Submission, "2022-11-07", None, false),
            row(Notification, "2022-12-01", None, false),
        ]
    );
}

#[test]
fn markdown_lines_that_each_hold_a_labelled_date_keep_their_own_times() {
    let page = "# RECITAL 2015\n\n### Dates Importantes\n\n\
        Date limite de soumission : vendredi 20 mars 2015 (23h59 heure Paris)\n\
        Notification aux auteurs : mardi 28 avril 2015\n\
        Date limite de soumission des versions définitives : vendredi 15 mai 2015\n";
    let dates = dates_of(page, Format::Markdown);
    assert_eq!(
        summary(&dates),
        vec![
            row(Submission, "2015-03-20", None, false),
            row(Notification, "2015-04-28", None, false),
            row(CameraReady, "2015-05-15", None, false),
        ]
    );
    assert_eq!(dates[0].time, NaiveTime::from_hms_opt(23, 59, 0));
    assert_eq!(dates[0].timezone.as_deref(), Some("heure Paris"));
    assert_eq!(dates[1].time, None);
}

#[test]
fn the_host_conference_days_on_a_workshop_page_are_another_event() {
    let page = "<h1>ALEMBIC 2017: Workshop at SIGIR 2017</h1><h2>Important Dates</h2><ul>
        <li>Submission deadline: May 16, 2017</li>
        <li>Workshop day: August 11, 2017</li>
        <li>SIGIR Main Conference: August 7 - August 11, 2017</li></ul>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![
            row(Submission, "2017-05-16", None, false),
            row(Workshop, "2017-08-11", None, false),
            row(Other, "2017-08-07", Some("2017-08-11"), false),
        ]
    );
}

#[test]
fn a_front_matter_dates_title_opens_the_dates_section() {
    let page = "---\ntitle: Important Dates\n---\n\n- 1st Reviews due: June 5, 2017\n- Workshop day: August 11, 2017\n";
    assert_eq!(
        summary(&dates_of(page, Format::Markdown)),
        vec![
            row(Other, "2017-06-05", None, false),
            row(Workshop, "2017-08-11", None, false),
        ]
    );
}

#[test]
fn a_labelled_single_day_event_and_a_deadline_in_a_heading_are_read() {
    // No dates heading: each record is "label: date".
    let page = "**Submission deadline:** Thursday, Sept 22, 2022\n\n\
        **Workshop (in person):** Friday, Dec 2, 2022\n\n\
        We hope to see you at the workshop on Dec 2, 2022.\n";
    assert_eq!(
        summary(&dates_of(page, Format::Markdown)),
        vec![
            row(Submission, "2022-09-22", None, false),
            row(Workshop, "2022-12-02", None, false),
        ]
    );
    let page =
        "<h1>CoG 2021</h1><h2>Full papers. Deadline on April 9th 2021</h2><p>Eight pages.</p>
        <h2>Keynote on June 1st 2021</h2>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![row(Submission, "2021-04-09", None, false)]
    );
}

#[test]
fn markdown_hard_line_breaks_end_a_record() {
    // A backslash (or two spaces) at the end of a line breaks it: each
    // line is "date --- label", not a run-on paragraph.
    let page = "# UNLP 2024\n\n## Dates\n\n\
        January 15, 2024 --- Shared task announcement\\\n\
        February 22, 2024 --- Registration deadline  \n\
        March 29, 2024 --- Notification of acceptance\\\n\
        May 25, 2024 --- Workshop date\n";
    let dates = dates_of(page, Format::Markdown);
    let kinds: Vec<(DeadlineKind, String)> =
        dates.iter().map(|d| (d.kind, d.date.to_string())).collect();
    assert_eq!(
        kinds,
        vec![
            (Other, "2024-01-15".to_string()),
            (Registration, "2024-02-22".to_string()),
            (Notification, "2024-03-29".to_string()),
            (Workshop, "2024-05-25".to_string()),
        ]
    );
}

#[test]
fn two_tracks_with_the_same_dates_are_both_kept() {
    // "Tutorial proposal dates" repeats the dates of "Demo dates": two
    // tracks, not a copy of one list (which an "Important Dates" sidebar is).
    let page = "---\ntitle: Important dates\n---\n## Demo dates\n\
        - Paper submission: October 04, 2024\n- Notification to authors: October 25, 2024\n\n\
        ## Tutorial proposal dates\n\
        - Tutorial proposal due: 04 October 2024\n- Notification: 25 October 2024\n";
    let dates = dates_of(page, Format::Markdown);
    assert_eq!(dates.len(), 4, "{dates:?}");
    let page = "<h1>FooConf 2024</h1><h2>Important Dates</h2><ul><li>Submission: May 1, 2024</li>
        <li>Notification: June 1, 2024</li></ul><aside><h3>Important Dates</h3><ul>
        <li>Submission: May 1, 2024</li><li>Notification: June 1, 2024</li></ul></aside>";
    assert_eq!(dates_of(page, Format::Html).len(), 2);
}

#[test]
fn a_range_in_the_record_that_names_the_conference_is_the_conference() {
    let page = "<h1>Call for Contest Entries</h1><p><strong>IEEE VR 2024: The 31st IEEE Conference on \
        Virtual Reality and 3D User Interfaces</strong><br>March 16-21, 2024 | Orlando, Florida USA</p>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![row(Conference, "2024-03-16", Some("2024-03-21"), false)]
    );
}

#[test]
fn a_struck_day_takes_the_month_of_its_replacement() {
    let page = "<h1>FooConf 2017</h1><h2>Important Dates</h2><ul>
        <li><p><del>Fri 1</del> <strong>Mon 4 Sept. 2017</strong> (extended)</p><p>Paper Submission Deadline</p></li>
        <li>Notification: 17 &amp; <del>21</del> 22 October 2017</li></ul>";
    let got = summary(&dates_of(page, Format::Html));
    assert_eq!(got[0], row(Submission, "2017-09-01", None, true));
    assert_eq!(got[1], row(Submission, "2017-09-04", None, false));
}

#[test]
fn a_heading_that_repeats_a_listed_deadline_counts_once() {
    let page = "<h1>3DUI Contest 2024</h1><h2>Important Dates</h2><ul>
        <li>Contest registration: December 23, 2023</li><li>Submission: January 19, 2024</li></ul>
        <h2>Contest Registration - due December 23, 2023</h2><p>Send an email.</p>";
    assert_eq!(dates_of(page, Format::Html).len(), 2);
}

#[test]
fn a_markdown_table_whose_first_row_is_an_entry() {
    let page = "# FooConf 2018\n\n### Important Dates\n\n|Submission deadline: | February 07, 2018 |\n|---|---|\n|Notiﬁcation date: | February 19, 2018|\n|Workshop: | April 23, 2018|\n";
    assert_eq!(
        summary(&dates_of(page, Format::Markdown)),
        vec![
            row(Submission, "2018-02-07", None, false),
            row(Notification, "2018-02-19", None, false),
            row(Workshop, "2018-04-23", None, false),
        ]
    );
}

#[test]
fn long_labels_with_an_aside_and_long_event_names() {
    let page = "# FooConf 2023\n\n\
        The 22nd International Symposium on Principles and Practice of Declarative Programming will take place 8-10 September 2023 in Bologna.\n\n\
        - Full paper submission (all authors must have an OpenReview profile when submitting) deadline: October 6, 2023\n";
    assert_eq!(
        summary(&dates_of(page, Format::Markdown)),
        vec![
            row(Conference, "2023-09-08", Some("2023-09-10"), false),
            row(Submission, "2023-10-06", None, false),
        ]
    );
}

#[test]
fn a_table_with_track_columns_and_empty_cells() {
    let page = "# FooConf 2021\n\n## Timeline\n\n\
        |Event | Archival submission track | Mentorship track |\n\
        |---|---|---|\n\
        |First-round deadline | N/A | 2 August 2021 |\n\
        |Final submission deadline | 2 August 2021 | 1 September 2021 |\n\
        |Decisions announced | 12 August 2021 | 15 September 2021 |\n\
        |Camera-ready submissions due | 16 August 2021 | 1 October 2021 |\n";
    let kinds: Vec<(DeadlineKind, String)> = dates_of(page, Format::Markdown)
        .iter()
        .map(|d| (d.kind, d.date.to_string()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (Submission, "2021-08-02".to_string()),
            (Submission, "2021-08-02".to_string()),
            (Submission, "2021-09-01".to_string()),
            (Notification, "2021-08-12".to_string()),
            (Notification, "2021-09-15".to_string()),
            (CameraReady, "2021-08-16".to_string()),
            (CameraReady, "2021-10-01".to_string()),
        ]
    );
}

#[test]
fn a_summary_sentence_and_the_dates_list_give_each_deadline_once() {
    let page = "# FooWS 2014\n\n## Call for papers\n\n### Summary\n\n\
        When? The workshop is on May 25, 2014 – submission deadline: March 6, 2014\n\n\
        ### Important dates\n\n- Submission: March 6, 2014\n- Notification: April 1, 2014\n\
        - Workshop paper submission (extended): March 6, 2014\n";
    assert_eq!(
        summary(&dates_of(page, Format::Markdown)),
        vec![
            row(Workshop, "2014-05-25", None, false),
            row(Submission, "2014-03-06", None, false),
            row(Notification, "2014-04-01", None, false),
            row(Submission, "2014-03-06", None, false),
        ]
    );
}

#[test]
fn days_listed_after_an_announcement_are_the_event() {
    let page = "<h1>Jornadas de Humanidades Digitales 2025</h1>\
        <p>Con actividades en diferentes campus, las jornadas se llevarán a cabo en las siguientes fechas:</p>\
        <ul><li><strong>Campus Puebla</strong> 27 y 28 de agosto de 2025</li>\
        <li><strong>Campus Querétaro</strong> 23 y 24 de septiembre de 2025</li></ul>\
        <p>Author response period starts: July 9, 2025</p><p>All deadlines are 23:59 AoE.</p>";
    let dates = dates_of(page, Format::Html);
    assert_eq!(
        summary(&dates),
        vec![
            row(Conference, "2025-08-27", Some("2025-08-28"), false),
            row(Conference, "2025-09-23", Some("2025-09-24"), false),
            row(Rebuttal, "2025-07-09", None, false),
        ]
    );
    // The start of a period takes no deadline time.
    assert_eq!(dates[2].time, None);
}

#[test]
fn an_event_given_by_its_start_and_end_is_one_range() {
    let page = "<h1>ELS 2017</h1><h4>Dates</h4><ul>\
        <li><label>Submission deadline</label><time>2017.01.30</time></li>\
        <li><label>Conference start</label><time>2017.04.03</time></li>\
        <li><label>Conference end</label><time>2017.04.04</time></li></ul>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![
            row(Submission, "2017-01-30", None, false),
            row(Conference, "2017-04-03", Some("2017-04-04"), false),
        ]
    );
}

#[test]
fn a_struck_day_before_its_replacement_in_one_date() {
    let page = "<h1>PMBS16</h1><h2>Important Dates</h2>\
        <p>Full Paper Submissions: September <del>26th</del> 4th 2016</p>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![
            row(Submission, "2016-09-26", None, true),
            row(Submission, "2016-09-04", None, false),
        ]
    );
}

#[test]
fn on_a_workshop_page_the_conference_dates_are_the_hosts() {
    let page = "<title>GraphX: Workshop on Graph Learning at NeurIPS 2026</title>\
        <h2>Important Dates</h2><table>\
        <tr><th>Submission deadline</th><td>August 29, 2026</td></tr>\
        <tr><th>Conference dates</th><td>December 6–12, 2026</td></tr>\
        <tr><th>Workshop</th><td>December 12, 2026</td></tr></table>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![
            row(Submission, "2026-08-29", None, false),
            row(Other, "2026-12-06", Some("2026-12-12"), false),
            row(Workshop, "2026-12-12", None, false),
        ]
    );
}

#[test]
fn critic_markup_deletions_are_struck() {
    let page = "# FooConf 2023\n\n## Important Dates\n\n\
        * **Paper Submission Deadline:** {--4 November 2022--} {++25 November 2022++}\n";
    assert_eq!(
        summary(&dates_of(page, Format::Markdown)),
        vec![
            row(Submission, "2022-11-04", None, true),
            row(Submission, "2022-11-25", None, false),
        ]
    );
}

#[test]
fn a_line_of_a_day_and_a_place_is_the_event() {
    let page = "<title>LogOnto 2014 workshop</title><h1>LogOnto 2014</h1><pre>\nWorkshop on Logics and Ontologies (LogOnto 2014)\nhttp://example.org/logonto-2014/\n\n27 September, 2014 Rio de Janeiro, Brazil\n\nPaper submission deadline: May 22, 2014\n</pre>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![
            row(Workshop, "2014-09-27", None, false),
            row(Submission, "2014-05-22", None, false),
        ]
    );
}

#[test]
fn single_tildes_strike_in_markdown() {
    let page = "# FooConf 2022\n\n## Important Dates\n\n\
        - ~Submission deadline: March 7, 2022, 23:59 UTC~\n- Notification: about ~5 weeks later, April 15, 2022\n";
    assert_eq!(
        summary(&dates_of(page, Format::Markdown)),
        vec![
            row(Submission, "2022-03-07", None, true),
            row(Notification, "2022-04-15", None, false),
        ]
    );
}

#[test]
fn a_dates_heading_with_its_update_date_still_heads_the_dates() {
    let page = "<h1>SemEval 2021 Task 11</h1><h2>Important dates - updated June 30, 2020</h2>\
        <table><tr><th>Trial data ready:</th><td>July 31, 2020</td></tr>\
        <tr><th>Evaluation start</th><td>January 10, 2021</td></tr>\
        <tr><th>Paper submission due</th><td>February 23, 2021</td></tr></table>";
    let kinds: Vec<(DeadlineKind, String)> = dates_of(page, Format::Html)
        .iter()
        .map(|d| (d.kind, d.date.to_string()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (Other, "2020-07-31".to_string()),
            (Other, "2021-01-10".to_string()),
            (Submission, "2021-02-23".to_string()),
        ]
    );
}

#[test]
fn a_co_located_events_days_in_prose_are_other() {
    let page = "<h1>EuroMPI 2023</h1><p>EuroMPI 2023 will be hosted by the University of Bristol and will be co-located with IWOMP 2023 (September 13-15, 2023), with joint tutorials.</p>\
        <h2>Important Dates</h2><ul><li>Paper submission: May 1, 2023</li></ul>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![
            row(Other, "2023-09-13", Some("2023-09-15"), false),
            row(Submission, "2023-05-01", None, false),
        ]
    );
}

#[test]
fn a_sentence_that_announces_events_gives_each_its_kind() {
    let page = "# DisCoTec 2023\n\n## Satellite Events\n\n\
        The pre-conference workshop and tutorials will take place on Monday, June 19, 2023, and post-conference tutorials on Friday, June 23, 2023.\n";
    assert_eq!(
        summary(&dates_of(page, Format::Markdown)),
        vec![
            row(Workshop, "2023-06-19", None, false),
            row(Tutorial, "2023-06-23", None, false),
        ]
    );
}

#[test]
fn a_record_labelled_date_is_the_event_day() {
    let page = "# Scheme Workshop 2014\n\nDEADLINE: 5 September 2014, (23:59 UTC-12)\n\nDATE: November 19, 2014\n\nLOCATION: Washington, DC\n";
    assert_eq!(
        summary(&dates_of(page, Format::Markdown)),
        vec![
            row(Submission, "2014-09-05", None, false),
            row(Workshop, "2014-11-19", None, false),
        ]
    );
}

#[test]
fn a_label_broken_by_br_stays_whole() {
    let dates = dates_of(
        "<div><dt>30/05/2021</dt><dd>last possible<br>registration date</dd></div>\
         <div><dt>15/06/2021</dt><dd>start platform testing</dd></div>",
        Format::Html,
    );
    assert_eq!(
        summary(&dates),
        vec![
            row(Registration, "2021-05-30", None, false),
            row(Other, "2021-06-15", None, false),
        ]
    );
}

#[test]
fn a_cell_that_only_names_the_zone_is_no_label() {
    let dates = dates_of(
        "<table><tr><td>Jan 30, 2017</td><td>Anywhere on Earth</td><td>Paper Submission Deadline</td></tr>\
         <tr><td>Mar 15, 2017</td><td></td><td>Notification</td></tr></table>",
        Format::Html,
    );
    assert_eq!(
        summary(&dates),
        vec![
            row(Submission, "2017-01-30", None, false),
            row(Notification, "2017-03-15", None, false),
        ]
    );
}

#[test]
fn a_choice_of_days_is_left_out() {
    let dates = dates_of(
        "<h2>Important dates</h2><ul><li>Submission: May 1, 2023</li>\
         <li>Workshop: 5 or 6 June 2023</li></ul>",
        Format::Html,
    );
    assert_eq!(
        summary(&dates),
        vec![row(Submission, "2023-05-01", None, false)]
    );
}

#[test]
fn an_abstract_alone_is_the_submission() {
    let only_abstract = dates_of(
        "<h2>Important dates</h2><ul><li>Abstract submission deadline: May 1, 2024</li>\
         <li>Notification: June 1, 2024</li></ul>",
        Format::Html,
    );
    assert_eq!(
        summary(&only_abstract),
        vec![
            row(Submission, "2024-05-01", None, false),
            row(Notification, "2024-06-01", None, false),
        ]
    );
    // An abstract registration announces a paper: it stays an abstract.
    let registration = dates_of(
        "<h2>Important dates</h2><ul><li>Abstract registration: May 1, 2024</li>\
         <li>Notification: June 1, 2024</li></ul>",
        Format::Html,
    );
    assert_eq!(registration.first().map(|d| d.kind), Some(Abstract));
}

#[test]
fn a_banner_date_over_its_place_is_the_event() {
    let dates = dates_of(
        "<div class=\"banner\"><div>FOO 22</div><div>10 July 2022 <br> Bologna, Italy</div></div>\
         <h2>Dates</h2><ul><li>Submission: 5 March 2022</li></ul>",
        Format::Html,
    );
    assert_eq!(
        summary(&dates),
        vec![
            row(Conference, "2022-07-10", None, false),
            row(Submission, "2022-03-05", None, false),
        ]
    );
}

#[test]
fn a_timestamp_with_seconds_is_metadata_and_date_of_event_is_the_event() {
    // A mailing-list archive: the message's "Date: 2009-02-22 16:53:27"
    // is when it was sent, not the workshop's date; "Date of Event" is.
    let page = "<h1>Call for papers: FooWS 2009, workshop on foo</h1>
        <p><strong>Date:</strong> 2009-02-22 16:53:27</p>
        <h2>Important dates</h2><ul><li>Paper submission: June 8, 2009</li>
        <li>Date of Event: August 25, 2009</li></ul>";
    let kinds: Vec<(DeadlineKind, String)> = dates_of(page, Format::Html)
        .iter()
        .map(|d| (d.kind, d.date.to_string()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (Submission, "2009-06-08".to_string()),
            (Workshop, "2009-08-25".to_string()),
        ]
    );
    // "23:59:59" is how a deadline is written to the second.
    let page = "<h1>FooConf 2024</h1><h2>Important dates</h2>
        <ul><li>Paper submission: 2024-05-01 23:59:59 AoE</li></ul>";
    assert_eq!(
        summary(&dates_of(page, Format::Html)),
        vec![row(Submission, "2024-05-01", None, false)]
    );
}

#[test]
fn a_heading_that_names_the_event_date_dates_the_event() {
    let page = "# FooWS 2020: Workshop on Foo and Bar\n\nThe workshop brings people together.\n\n\
        ## Important dates\n\n- Submission deadline: June 1, 2020\n\n\
        ### Date of Event\nAugust 16, 2020 (Sunday)\n";
    let kinds: Vec<(DeadlineKind, String)> = dates_of(page, Format::Markdown)
        .iter()
        .map(|d| (d.kind, d.date.to_string()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (Submission, "2020-06-01".to_string()),
            (Workshop, "2020-08-16".to_string()),
        ]
    );
}
