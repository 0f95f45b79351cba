//! `confradar-cli upcoming`: the next deadlines, soonest first.
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::{DateTime, Duration, Local, Utc};
use clap::Args;
use comfy_table::{ContentArrangement, Table, presets};
use confradar_core::publish::{self, Bound, countdown::countdown};
use confradar_core::repository::{DeadlineQuery, Ranking};
use confradar_core::timezone::{Zone, parse_zone};
use confradar_core::{DeadlineKind, Repository};

use super::Context;

/// Deadline filters shared by `upcoming` and `export`.
#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Only this series (key, acronym or any alias, e.g. neurips).
    #[arg(long, value_name = "SERIES")]
    pub series: Option<String>,
    /// Only these kinds (repeatable): abstract, submission, supplementary, rebuttal, notification,
    /// camera_ready, registration, conference, workshop, tutorial, other.
    #[arg(long = "kind", value_name = "KIND")]
    pub kinds: Vec<DeadlineKind>,
    /// Only deadlines from this moment: a date (2026-01-30, the start of that day anywhere on Earth),
    /// an RFC 3339 instant, `now`, or a span back from now (7d, 12h, 2w). Default: now.
    #[arg(long, value_name = "WHEN")]
    pub from: Option<String>,
    /// Only deadlines before this moment: a date (2026-01-30 keeps everything due that day anywhere
    /// on Earth, AoE included), an RFC 3339 instant, or a span ahead of now (30d).
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// Only series in this category, as the sources name it (DB, ML, SEC; any case).
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    /// Only series with this rank: SYSTEM:RANK, e.g. CCF:A or CORE:A*.
    #[arg(long, value_name = "SYSTEM:RANK", value_parser = Ranking::parse)]
    pub rank: Option<Ranking>,
    /// At most this many deadlines.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,
    /// Include deadlines that have passed (no default lower bound).
    #[arg(long)]
    pub include_past: bool,
}

impl FilterArgs {
    /// The repository query; `upcoming_by_default` starts the window now
    /// unless `--from` or `--include-past` says otherwise.
    ///
    /// # Errors
    /// A bad `--from`/`--until` (named, with the accepted forms), or an empty window.
    pub fn query(
        &self,
        now: DateTime<Utc>,
        upcoming_by_default: bool,
    ) -> anyhow::Result<DeadlineQuery> {
        let from = match &self.from {
            Some(text) => Some(flag_bound("--from", text, Bound::From, now)?),
            None if upcoming_by_default && !self.include_past => Some(now),
            None => None,
        };
        let until = self
            .until
            .as_deref()
            .map(|text| flag_bound("--until", text, Bound::Until, now))
            .transpose()?;
        if let (Some(from), Some(until)) = (from, until) {
            anyhow::ensure!(
                from < until,
                "--until ({}) is not after the start of the window ({}): nothing could match",
                until.format("%Y-%m-%d %H:%M UTC"),
                from.format("%Y-%m-%d %H:%M UTC")
            );
        }
        let mut kinds = self.kinds.clone();
        kinds.sort();
        kinds.dedup();
        Ok(DeadlineQuery {
            from,
            until,
            kinds,
            series: self.series.clone(),
            category: self.category.clone(),
            rank: self.rank.clone(),
            limit: self.limit,
            ..DeadlineQuery::default()
        })
    }
}

/// Parses a bound, naming the flag in the error.
///
/// # Errors
/// The flag and its value, with the accepted forms.
pub fn flag_bound(
    flag: &str,
    text: &str,
    bound: Bound,
    now: DateTime<Utc>,
) -> anyhow::Result<DateTime<Utc>> {
    publish::parse_bound(text, bound, now).map_err(|_| {
        anyhow::anyhow!(
            "bad {flag} '{text}': expected a date (2026-01-30), an RFC 3339 instant (2026-01-30T12:00:00Z), \
             `now`, `today`, or a span such as 7d, 12h or 2w"
        )
    })
}

/// Arguments of `upcoming`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    confradar-cli upcoming --series neurips --kind submission\n  \
    confradar-cli upcoming --until 30d --tz Europe/Paris\n  \
    confradar-cli upcoming --category DB --rank CCF:A\n  \
    confradar-cli upcoming --json | jq '.[0]'")]
pub struct UpcomingArgs {
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Show times in this zone too: an IANA name (Europe/Paris), UTC±HH or AoE.
    /// Default: the TZ environment variable, else the system's zone.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Mark deadlines that moved within this many days.
    #[arg(long, value_name = "DAYS", default_value_t = 14)]
    pub changed_within: u32,
    /// Print JSON (an array of deadline records, as GET /api/deadlines) instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The reader's zone.
#[derive(Debug, Clone, Copy)]
pub enum LocalZone {
    /// From `--tz` or `TZ`.
    Zone(Zone),
    /// The system's zone.
    System,
}

impl LocalZone {
    /// `--tz` wins, then a `TZ` the zone database knows, then the system zone.
    ///
    /// # Errors
    /// A `--tz` that is no known zone (named, with examples of good ones).
    pub fn resolve(flag: Option<&str>) -> anyhow::Result<Self> {
        if let Some(text) = flag {
            return Ok(Self::Zone(
                parse_zone(text).with_context(|| format!("bad --tz '{text}'"))?,
            ));
        }
        let from_env = std::env::var("TZ")
            .ok()
            .and_then(|tz| parse_zone(tz.trim_start_matches(':')).ok());
        Ok(from_env.map_or(Self::System, Self::Zone))
    }

    /// `2026-01-31 12:59 CET`.
    pub fn format(self, at: DateTime<Utc>) -> String {
        match self {
            Self::Zone(Zone::Named(tz)) => at
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M %Z")
                .to_string(),
            Self::Zone(Zone::Fixed(offset)) => {
                let text = at
                    .with_timezone(&offset)
                    .format("%Y-%m-%d %H:%M")
                    .to_string();
                if offset.local_minus_utc() == -12 * 3600 {
                    format!("{text} AoE")
                } else {
                    format!("{text} UTC{}", at.with_timezone(&offset).format("%:z"))
                }
            }
            Self::System => at
                .with_timezone(&Local)
                .format("%Y-%m-%d %H:%M %:z")
                .to_string(),
        }
    }

    /// The column header.
    pub fn header(self) -> String {
        match self {
            Self::Zone(Zone::Named(tz)) => format!("Your time ({})", tz.name()),
            _ => "Your time".to_string(),
        }
    }
}

/// Runs `upcoming`.
pub async fn run(ctx: &Context, args: UpcomingArgs) -> anyhow::Result<ExitCode> {
    let now = Utc::now();
    let query = args.filters.query(now, true)?;
    let zone = LocalZone::resolve(args.tz.as_deref())?;
    let repo = ctx.repository().await?;
    let deadlines = repo
        .upcoming_deadlines(&query)
        .await
        .context("reading upcoming deadlines")?;
    if args.json {
        print!("{}", publish::json::deadlines(&deadlines)?);
        return Ok(ExitCode::SUCCESS);
    }
    if deadlines.is_empty() {
        let hint = if args.filters.include_past {
            ""
        } else {
            " (add --include-past to see past ones)"
        };
        println!("No deadlines match{hint}.");
        return Ok(ExitCode::SUCCESS);
    }
    let window = Duration::days(i64::from(args.changed_within));
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(vec![
            "Conference".to_string(),
            "Kind".to_string(),
            "As published".to_string(),
            zone.header(),
            "Countdown".to_string(),
            "Changed".to_string(),
        ]);
    let mut changed = 0;
    let mut disputed = 0;
    for d in &deadlines {
        let mut mark = match publish::recent_change(d, now, window) {
            Some(change) => {
                changed += 1;
                format!("* was {}", change.old_value.as_deref().unwrap_or_default())
            }
            None => String::new(),
        };
        if d.conflict {
            disputed += 1;
            if !mark.is_empty() {
                mark.push('\n');
            }
            mark.push_str("! sources disagree");
        }
        table.add_row(vec![
            publish::conference_label(d),
            publish::kind_label(d),
            publish::published(d),
            zone.format(d.due_at),
            countdown(now, d.due_at),
            mark,
        ]);
    }
    println!("{table}");
    if changed > 0 {
        println!(
            "* moved within the last {} day(s); `confradar-cli changes` has the full log.",
            args.changed_within
        );
    }
    if disputed > 0 {
        println!(
            "! {disputed} deadline(s) where sources disagree: the conference's own page wins, \
             else the latest change; `confradar-cli conflicts` lists every source's value."
        );
    }
    Ok(ExitCode::SUCCESS)
}
