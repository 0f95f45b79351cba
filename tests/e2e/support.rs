//! Finding and running the real `confradar-cli` binary, and databases made for one test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// The `confradar-cli` binary to test, built if needed.
///
/// `CARGO_BIN_EXE_confradar-cli` only exists inside the `confradar-cli` package, so the
/// suite looks next to its own test executable: `target/<profile>/deps/e2e-…` lives beside
/// `target/<profile>/confradar-cli`, which `cargo test --workspace` has just built (the CLI's
/// own tests need it). That binary is used when it is newer than every source file of the
/// workspace. Otherwise (e.g. `cargo test -p confradar-e2e` after an edit) the suite runs
/// `cargo build -p confradar-cli` into `target/e2e-cli/`, a target directory of its own:
/// building into the shared one with a different feature selection would make the next
/// workspace build start over. `CONFRADAR_E2E_BIN` names a binary to use instead.
pub fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        if let Some(given) = std::env::var_os("CONFRADAR_E2E_BIN") {
            return PathBuf::from(given);
        }
        let test_exe = std::env::current_exe().unwrap();
        let profile_dir = test_exe
            .parent()
            .and_then(Path::parent)
            .expect("the test runs from target/<profile>/deps");
        let name = format!("confradar-cli{}", std::env::consts::EXE_SUFFIX);
        let built = profile_dir.join(&name);
        if is_fresh(&built) {
            return built;
        }
        let target_dir = profile_dir
            .parent()
            .expect("target/<profile>")
            .join("e2e-cli");
        build(&target_dir);
        target_dir.join("debug").join(name)
    })
}

/// The workspace root (this package lives in its `tests/`).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// True when `binary` exists and is newer than every file the CLI is built from.
fn is_fresh(binary: &Path) -> bool {
    let Ok(built_at) = std::fs::metadata(binary).and_then(|m| m.modified()) else {
        return false;
    };
    let root = workspace_root();
    let mut newest = std::time::SystemTime::UNIX_EPOCH;
    for dir in [
        "confradar-cli/src",
        "confradar-core/src",
        "confradar-migration/src",
    ] {
        newest = newest.max(newest_in(&root.join(dir)));
    }
    for file in [
        "Cargo.toml",
        "Cargo.lock",
        "confradar-cli/Cargo.toml",
        "confradar-core/Cargo.toml",
        "confradar-migration/Cargo.toml",
    ] {
        if let Ok(modified) = std::fs::metadata(root.join(file)).and_then(|m| m.modified()) {
            newest = newest.max(modified);
        }
    }
    built_at >= newest
}

/// The newest modification time of a file under `dir`.
fn newest_in(dir: &Path) -> std::time::SystemTime {
    let mut newest = std::time::SystemTime::UNIX_EPOCH;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return newest;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            newest = newest.max(newest_in(&path));
        } else if let Ok(modified) = meta.modified() {
            newest = newest.max(modified);
        }
    }
    newest
}

/// `cargo build -p confradar-cli` (debug) into `target_dir`.
fn build(target_dir: &Path) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!(
        "building confradar-cli into {} for the end-to-end suite",
        target_dir.display()
    );
    let status = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "-p",
            "confradar-cli",
            "--bin",
            "confradar-cli",
        ])
        .env("CARGO_TARGET_DIR", target_dir)
        .current_dir(workspace_root())
        .status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "cannot build confradar-cli into {}; build it with `cargo build -p confradar-cli` \
         or name a binary with CONFRADAR_E2E_BIN",
        target_dir.display()
    );
}

/// The binary with a clean environment (no DATABASE_URL or CONFRADAR_* from the host),
/// run in `dir`.
pub fn cli(dir: &Path) -> Command {
    let mut command = Command::new(binary());
    command.current_dir(dir).env_remove("DATABASE_URL");
    for (key, _) in std::env::vars() {
        if key.starts_with("CONFRADAR_") {
            command.env_remove(key);
        }
    }
    command
}

/// What a finished command left behind.
#[derive(Debug)]
pub struct Ran {
    /// The exit code (`None`: killed by a signal).
    pub code: Option<i32>,
    /// Standard output, lossily decoded.
    pub out: String,
    /// Standard error, lossily decoded.
    pub err: String,
}

impl Ran {
    /// Both streams, for messages.
    pub fn both(&self) -> String {
        format!(
            "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.out, self.err
        )
    }

    /// Asserts the process ended by itself with `code` and did not panic.
    pub fn assert_exit(&self, code: i32) -> &Self {
        assert_eq!(self.code, Some(code), "{}", self.both());
        self.assert_no_panic()
    }

    /// Asserts nothing panicked (Rust's panic message, or its exit code 101).
    pub fn assert_no_panic(&self) -> &Self {
        assert!(
            !self.err.contains("panicked") && !self.out.contains("panicked"),
            "{}",
            self.both()
        );
        assert_ne!(self.code, Some(101), "{}", self.both());
        self
    }
}

/// Runs to the end.
pub fn run(command: &mut Command) -> Ran {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().expect("the binary runs");
    Ran {
        code: status.code(),
        out: String::from_utf8_lossy(&stdout).into_owned(),
        err: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// A PostgreSQL database made for one test (dropped after), or `None` (printing
/// "skipped: …") when `CONFRADAR_TEST_POSTGRES_URL` is unset. Set but unreachable fails.
pub struct Postgres {
    /// The test database's URL.
    pub url: String,
    admin_url: String,
    name: String,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);
const POSTGRES_VAR: &str = "CONFRADAR_TEST_POSTGRES_URL";

impl Postgres {
    pub fn create() -> Option<Self> {
        let Ok(admin_url) = std::env::var(POSTGRES_VAR) else {
            eprintln!("skipped: {POSTGRES_VAR} not set");
            return None;
        };
        let name = format!(
            "confradar_e2e_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let sql = format!("CREATE DATABASE {name}");
        block_on(async {
            let admin = sea_orm::Database::connect(admin_url.as_str())
                .await
                .unwrap_or_else(|e| {
                    panic!("{POSTGRES_VAR} is set but its server cannot be reached: {e}")
                });
            sea_orm::ConnectionTrait::execute_unprepared(&admin, &sql)
                .await
                .unwrap();
        });
        let mut url = url::Url::parse(&admin_url).unwrap();
        url.set_path(&format!("/{name}"));
        Some(Self {
            url: url.to_string(),
            admin_url,
            name,
        })
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let admin_url = self.admin_url.clone();
        block_on(async {
            if let Ok(admin) = sea_orm::Database::connect(admin_url.as_str()).await {
                let _ = sea_orm::ConnectionTrait::execute_unprepared(&admin, &sql).await;
            }
        });
    }
}

/// The tests are plain `#[test]`s; database set-up gets a runtime of its own.
pub fn block_on<F: std::future::Future<Output = ()>>(future: F) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future);
}
