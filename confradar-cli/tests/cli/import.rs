//! `import PATH…` through the binary: folders, layout detection, per-file
//! summaries whose numbers add up, notes with file:line, and the exit code;
//! then the real community snapshots of `$CONFRADAR_REALDATA`.

use std::path::{Path, PathBuf};

use crate::support::{ServerDb, cli, run};

/// `N deadline(s) read = S stored + R repeated (stored once) + K skipped` → (N, S, R, K).
fn deadline_counts(line: &str) -> (u64, u64, u64, u64) {
    let (before, after) = line
        .split_once(" deadline(s) read = ")
        .unwrap_or_else(|| panic!("no counts in {line}"));
    let read = before.rsplit(' ').next().unwrap().parse().unwrap();
    let number = |word: &str| -> u64 {
        let at = after
            .find(word)
            .unwrap_or_else(|| panic!("no `{word}` in {line}"));
        after[..at]
            .trim_end()
            .rsplit(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    (
        read,
        number(" stored +"),
        number(" repeated"),
        number(" skipped"),
    )
}

fn summary_of<'a>(out: &'a str, file: &str) -> &'a str {
    out.lines()
        .find(|l| l.contains(file) && l.contains(" read = "))
        .unwrap_or_else(|| panic!("no summary for {file} in:\n{out}"))
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const CCF: &str = "\
- title: SIGMOD
  description: ACM Conference on Management of Data
  sub: DB
  rank:
    ccf: A
    core: A*
  dblp: sigmod
  confs:
    - year: 2026
      id: sigmod26
      link: https://2026.sigmod.org/
      timeline:
        - deadline: '2025-07-17 23:59:00'
          comment: first round
        - deadline: '2025-10-17 23:59:00'
          comment: second round
      timezone: UTC-12
      date: May 31 - June 5, 2026
      place: Bengaluru, India
";

const HF: &str = "\
- title: WXYZ
  year: 2026
  id: wxyz26
  full_name: Workshop-free Conference on Xylophones
  link: https://wxyz.example/2026
  deadlines:
    - type: paper
      label: Papers
      date: '2026-01-10 23:59:59'
      timezone: AoE
    - type: rebuttal_start
      label: Rebuttal opens
      date: '2026-03-01 00:00:00'
      timezone: AoE
    - type: rebuttal_end
      label: Rebuttal closes
      date: '2026-03-07 23:59:59'
      timezone: AoE
    - type: mystery
      label: Something new
      date: '2026-04-01 23:59:59'
      timezone: AoE
    - type: paper
      label: Late papers
      date: '2026-02-30 23:59:59'
      timezone: AoE
  start: 2026-06-01
  end: 2026-06-05
";

#[test]
fn folders_are_imported_file_by_file_and_the_numbers_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    write(&data.join("ccf/DB/sigmod.yml"), CCF);
    write(
        &data.join("ccf/types.yml"),
        "- name: 数据库\n  name_en: Database\n  sub: DB\n",
    );
    write(&data.join("ccf/README.md"), "# ccf\n");
    write(&data.join("hf/wxyz.yml"), HF);
    let db = ["--database-url", "sqlite://kb.db"];

    let (ok, out, err) = run(cli(dir.path()).args(db).args(["import", "data"]));
    // The impossible 30 February is skipped, with its line: exit code 1.
    assert!(!ok, "{out}{err}");
    let sigmod = summary_of(&out, "sigmod.yml");
    assert!(
        sigmod.contains("[ccf-deadlines]") && sigmod.contains("1 created"),
        "{sigmod}"
    );
    assert_eq!(deadline_counts(sigmod), (2, 2, 0, 0));
    let wxyz = summary_of(&out, "wxyz.yml");
    assert!(wxyz.contains("[ai-deadlines]"), "{wxyz}");
    // paper, the rebuttal period (one deadline), the unknown type kept as other; the bad date skipped.
    assert_eq!(deadline_counts(wxyz), (4, 3, 0, 1));
    let total = out
        .lines()
        .find(|l| l.starts_with("total, 2 file(s)"))
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(deadline_counts(total), (6, 5, 0, 1));
    let hf = Path::new("data").join("hf").join("wxyz.yml");
    assert!(
        err.contains(&format!("warning: {}:25:", hf.display())) && err.contains("2026-02-30"),
        "{err}"
    );
    assert!(err.contains("README.md: skipped, not a data file"), "{err}");
    assert!(
        err.contains("types.yml: skipped, the category names"),
        "{err}"
    );
    assert!(err.contains("sigmod.yml:7: `dblp` ignored"), "{err}");

    // Unchanged files change nothing; a forced layout and one file work too.
    let (_, out, _) =
        run(cli(dir.path())
            .args(db)
            .args(["import", "data/ccf/DB/sigmod.yml", "--format", "ccf"]));
    let again = summary_of(&out, "sigmod.yml");
    assert!(
        again.contains("1 unchanged") && again.contains("0 deadline change(s)"),
        "{again}"
    );

    // A file named on the command line that holds no known layout is an error.
    write(&dir.path().join("odd.yml"), "- foo: 1\n");
    let (ok, _, err) = run(cli(dir.path()).args(db).args(["import", "odd.yml"]));
    assert!(
        !ok && err.contains("no known layout (fields found: foo)"),
        "{err}"
    );

    // Everything stored: exit code 0.
    let (ok, out, err) = run(cli(dir.path()).args(db).args(["import", "data/ccf"]));
    assert!(ok, "{out}{err}");

    let (ok, out, _) =
        run(cli(dir.path())
            .args(db)
            .args(["upcoming", "--json", "--from", "2025-01-01"]));
    assert!(ok, "{out}");
    assert!(
        out.contains("\"track\": \"mystery\"") || out.contains("\"track\":\"mystery\""),
        "{out}"
    );
}

fn realdata() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("CONFRADAR_REALDATA")?);
    Some(if dir.is_relative() {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir)
    } else {
        dir
    })
}

#[test]
fn the_real_snapshots_import_with_every_deadline_accounted_for() {
    let Some(root) = realdata() else {
        println!("skipped: CONFRADAR_REALDATA not set");
        return;
    };
    assert!(
        root.is_dir(),
        "CONFRADAR_REALDATA={} is not a folder",
        root.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let folders = [
        "ai-deadlines-hf",
        "ai-deadlines-pwc",
        "ccf-deadlines",
        "sec-deadlines",
        "python-deadlines",
    ];
    let paths: Vec<PathBuf> = folders.iter().map(|f| root.join(f)).collect();
    for path in &paths {
        assert!(path.is_dir(), "{} is missing", path.display());
    }
    let (ok, out, err) = run(cli(dir.path())
        .args(["--database-url", "sqlite://kb.db", "import"])
        .args(&paths));
    let summaries: Vec<&str> = out
        .lines()
        .filter(|l| l.contains(" read = ") && !l.starts_with("total"))
        .collect();
    let mut sum = (0, 0, 0, 0);
    for line in &summaries {
        let (read, stored, repeated, skipped) = deadline_counts(line);
        assert_eq!(read, stored + repeated + skipped, "{line}");
        sum = (
            sum.0 + read,
            sum.1 + stored,
            sum.2 + repeated,
            sum.3 + skipped,
        );
    }
    let total = out
        .lines()
        .find(|l| l.starts_with("total, "))
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(deadline_counts(total), sum, "{total}");
    // One summary per data file: every yml but ccf-deadlines' category list.
    let data_files = paths.iter().map(|p| count_yml(p)).sum::<usize>() - 1;
    assert_eq!(summaries.len(), data_files, "{out}");
    assert!(sum.1 > 2500, "{total}");
    // Exit code 0 exactly when nothing read was lost.
    let lost = sum.3 > 0 || err.contains("warning:");
    assert_eq!(ok, !lost, "{total}\n{err}");
    println!("{total}");
}

fn count_yml(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            if p.is_dir() {
                count_yml(&p)
            } else {
                usize::from(p.extension().is_some_and(|e| e == "yml"))
            }
        })
        .sum()
}

#[test]
fn an_edition_the_store_refuses_counts_its_deadlines_as_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("conferences.yml"),
        "---\n- conference: PyCon Nowhen\n  cfp: '2026-01-10 23:59:00'\n  workshop_deadline: '2026-01-03 23:59:00'\n  place: Online\n- conference: PyCon Fine\n  year: 2026\n  cfp: '2026-02-10 23:59:00'\n",
    );
    let (ok, out, err) = run(cli(dir.path()).args([
        "--database-url",
        "sqlite://kb.db",
        "import",
        "conferences.yml",
    ]));
    assert!(!ok, "{out}{err}");
    let summary = summary_of(&out, "conferences.yml");
    assert!(
        summary.contains("[python-deadlines]")
            && summary.contains("1 created")
            && summary.contains("1 skipped"),
        "{summary}"
    );
    assert_eq!(deadline_counts(summary), (3, 1, 0, 2));
    assert!(
        err.contains("conferences.yml:2:")
            && err.contains("no year")
            && err.contains("2 deadline(s)"),
        "{err}"
    );
}

/// Two sources that agree must not flood the history: importing every
/// snapshot again, in the reverse order, records no change (SQLite, and
/// PostgreSQL when `CONFRADAR_TEST_POSTGRES_URL` names a server).
#[test]
fn reimporting_the_real_snapshots_in_another_order_records_no_change() {
    let Some(root) = realdata() else {
        println!("skipped: CONFRADAR_REALDATA not set");
        return;
    };
    let order = [
        "ccf-deadlines",
        "ai-deadlines-pwc",
        "ai-deadlines-hf",
        "sec-deadlines",
        "python-deadlines",
    ];
    let paths: Vec<PathBuf> = order.iter().map(|f| root.join(f)).collect();
    let reversed: Vec<PathBuf> = paths.iter().rev().cloned().collect();
    let dir = tempfile::tempdir().unwrap();
    let server = ServerDb::create("CONFRADAR_TEST_POSTGRES_URL");
    let mut urls = vec!["sqlite://kb.db".to_string()];
    urls.extend(server.as_ref().map(|db| db.url.clone()));
    for url in &urls {
        let (ok, _, err) = run(cli(dir.path()).args(["--database-url", url, "migrate", "up"]));
        assert!(ok, "{err}");
        let changes = || {
            let (ok, out, err) =
                run(cli(dir.path()).args(["--database-url", url, "changes", "--json"]));
            assert!(ok, "{err}");
            serde_json::from_str::<Vec<serde_json::Value>>(&out)
                .unwrap_or_else(|e| panic!("{e}: {out}"))
                .len()
        };
        run(cli(dir.path())
            .args(["--database-url", url, "import"])
            .args(&paths));
        let first = changes();
        run(cli(dir.path())
            .args(["--database-url", url, "import"])
            .args(&reversed));
        assert_eq!(
            changes(),
            first,
            "the second import recorded changes ({url})"
        );
    }
}
