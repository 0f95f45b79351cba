//! A temporary knowledge base for the publishing commands, and a way to run
//! the binary against it, isolated from the caller's settings.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{NaiveDate, NaiveTime};
use confradar_core::repository::{Observation, ObservedDeadline, ObservedSource};
use confradar_core::settings::{DatabaseUrl, PoolSettings};
use confradar_core::{DeadlineKind, Repository, SeaOrmRepository, db};

/// A directory with `kb.db` in it (dropped with the fixture).
pub struct Kb {
    pub dir: tempfile::TempDir,
    pub url: String,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn deadline(kind: DeadlineKind, due: NaiveDate) -> ObservedDeadline {
    ObservedDeadline {
        kind,
        track: None,
        due_date: due,
        end_date: None,
        time: Some(NaiveTime::from_hms_opt(23, 59, 0).unwrap()),
        timezone: Some("AoE".into()),
        label: Some(format!("{kind} deadline")),
        replaces: None,
    }
}

/// The next edition year: its deadlines are always in the future.
pub fn year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().year() + 2
}

/// ICML (a submission deadline moved by a week) and a workshop with a
/// hostile name and a `javascript:` source.
pub fn observations(submission_day: u32) -> Vec<Observation> {
    let y = year();
    vec![
        Observation {
            name: "International Conference on Machine Learning".into(),
            acronym: Some("ICML".into()),
            year: Some(y),
            source: Some(ObservedSource {
                url: "https://icml.cc/cfp".into(),
                ..Default::default()
            }),
            deadlines: vec![
                deadline(DeadlineKind::Abstract, date(y, 1, 15)),
                deadline(DeadlineKind::Submission, date(y, 1, submission_day)),
            ],
            ..Default::default()
        },
        Observation {
            name: "<img src=x onerror=alert(1)> Workshop".into(),
            acronym: Some("<i>EVIL</i>".into()),
            year: Some(y),
            source: Some(ObservedSource {
                url: "javascript:alert(1)".into(),
                ..Default::default()
            }),
            deadlines: vec![deadline(DeadlineKind::Submission, date(y, 2, 10))],
            ..Default::default()
        },
    ]
}

impl Kb {
    /// A migrated SQLite file with the observations stored (ICML twice:
    /// its submission deadline moved from the 22nd to the 29th of January).
    pub fn seeded() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.db");
        let url = format!("sqlite://{}", path.display());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let db_url = DatabaseUrl::new(format!("{url}?mode=rwc"));
            let conn = db::connect(&db_url, &PoolSettings::default())
                .await
                .unwrap();
            db::ensure_schema(&conn, &db_url, true).await.unwrap();
            let repo = SeaOrmRepository::new(conn.clone());
            for observation in observations(22) {
                repo.store_observation(&observation).await.unwrap();
            }
            repo.store_observation(&observations(29)[0]).await.unwrap();
            conn.close().await.unwrap();
        });
        Self { dir, url }
    }

    /// The binary with `--database-url` set, run in the fixture's directory
    /// with no configuration file and no database settings from the environment.
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_confradar-cli"));
        command
            .current_dir(self.dir.path())
            .env("CONFRADAR_CONFIG", self.dir.path().join("none.toml"))
            .env_remove("DATABASE_URL")
            .env("TZ", "UTC")
            .arg("--database-url")
            .arg(&self.url);
        command
    }

    /// Runs the binary with `args`; returns its output.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    /// A path inside the fixture's directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// Stdout of a run that must succeed.
pub fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Stderr of a run that must fail.
pub fn fails(output: &Output) -> String {
    assert!(
        !output.status.success(),
        "expected a failure, got:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Reads a file the binary wrote.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}
