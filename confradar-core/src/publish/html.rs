//! A self-contained HTML page of upcoming deadlines: inline CSS, a few
//! lines of inline script (local times and live countdowns; the page is
//! complete without it), no external asset, and a Content-Security-Policy
//! that forbids loading any. It works offline, from a file or from `serve`.
//!
//! One table per month (the month the deadline is published in), rows by
//! UTC instant; each row has `data-conference`, `data-kind` and `data-due`
//! attributes for scripts and tests. Moved deadlines have the class
//! `changed` and show the old value. Every text is escaped; only
//! `http`/`https` sources become links.

use chrono::{DateTime, SecondsFormat, Utc};

use super::countdown::countdown;
use super::{
    Listing, by_month, conference_label, describe_change, is_web_url, kind_label, published,
    recent_change,
};

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
:root{color-scheme:light dark;--muted:#667;--line:#d8dbe2;--hi:#fff4d6;--hi-ink:#6b4b00}
@media (prefers-color-scheme:dark){:root{--muted:#99a;--line:#334;--hi:#3a3010;--hi-ink:#f3d27a}}
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem 3rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.15rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
.meta{color:var(--muted);margin:0 0 1rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;font-size:.85rem;color:var(--muted)}td.when,td.countdown{white-space:nowrap;font-variant-numeric:tabular-nums}
tr.changed{background:var(--hi)}tr.changed .was{color:var(--hi-ink);font-size:.85rem;display:block}
.kind{font-size:.85rem;padding:.05rem .4rem;border:1px solid var(--line);border-radius:.6rem;white-space:nowrap}
.past{opacity:.55}.empty{color:var(--muted)}ul.changes{padding-left:1.2rem}a{color:inherit}";

const SCRIPT: &str = "\
(function(){function cd(ms){var m=Math.round(ms/60000),a=Math.abs(m),d=Math.floor(a/1440),h=Math.floor(a/60)%24,n=a%60,s;\
if(m===0)return'now';if(d>0)s=d+(d===1?' day':' days')+(h?' '+h+' h':'');else if(h>0)s=h+' h'+(n?' '+n+' min':'');else s=n+' min';\
return m>0?'in '+s:s+' ago';}\
function tick(){var now=Date.now();document.querySelectorAll('tr[data-due]').forEach(function(r){var t=Date.parse(r.getAttribute('data-due'));\
var c=r.querySelector('td.countdown');if(c)c.textContent=cd(t-now);var l=r.querySelector('td.local');\
if(l)l.textContent=new Date(t).toLocaleString([], {dateStyle:'medium',timeStyle:'short'});if(t<now)r.classList.add('past');});}\
tick();setInterval(tick,60000);var z=document.getElementById('zone');\
if(z){try{z.textContent=Intl.DateTimeFormat().resolvedOptions().timeZone;}catch(e){}}})();";

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The page.
pub fn render(listing: &Listing) -> String {
    let now = listing.options.now;
    let title = escape(&listing.options.title);
    let mut out = String::with_capacity(4096 + listing.deadlines.len() * 600);
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"generator\" content=\"ConfRadar\">\n<title>{title}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n\
         <header>\n<h1>{title}</h1>\n<p class=\"meta\">Generated <time datetime=\"{}\">{}</time> · {} deadline(s), soonest first · \
         “Your time” is shown in <span id=\"zone\">UTC</span></p>\n</header>\n<main>\n",
        instant(now),
        now.format("%Y-%m-%d %H:%M UTC"),
        listing.deadlines.len()
    ));
    if listing.deadlines.is_empty() {
        out.push_str("<p class=\"empty\">No deadlines to show.</p>\n");
    }
    for (month, group) in by_month(&listing.deadlines) {
        out.push_str(&format!(
            "<section>\n<h2>{}</h2>\n<table class=\"deadlines\">\n<thead><tr><th>Conference</th><th>Kind</th>\
             <th>As published</th><th>UTC</th><th>Your time</th><th>Countdown</th><th>Source</th></tr></thead>\n<tbody>\n",
            escape(&month)
        ));
        for d in group {
            let change = recent_change(d, now, listing.options.recent);
            let class = match (change.is_some(), d.due_at < now) {
                (true, true) => " class=\"changed past\"",
                (true, false) => " class=\"changed\"",
                (false, true) => " class=\"past\"",
                (false, false) => "",
            };
            let was = change
                .and_then(|c| c.old_value.as_deref())
                .map(|old| {
                    format!(
                        "<span class=\"was\">changed, was <del>{}</del></span>",
                        escape(old)
                    )
                })
                .unwrap_or_default();
            let source = match d.source_url.as_deref() {
                Some(url) if is_web_url(url) => {
                    format!(
                        "<a href=\"{}\" rel=\"noopener noreferrer\">source</a>",
                        escape(url)
                    )
                }
                Some(url) => escape(url),
                None => String::new(),
            };
            let name = if conference_label(d) == d.conference_name {
                escape(&d.conference_name)
            } else {
                format!(
                    "<abbr title=\"{}\">{}</abbr>",
                    escape(&d.conference_name),
                    escape(&conference_label(d))
                )
            };
            out.push_str(&format!(
                "<tr{class} data-conference=\"{}\" data-kind=\"{}\" data-due=\"{}\"><td class=\"conference\">{name}</td>\
                 <td><span class=\"kind\">{}</span></td><td class=\"published\">{}{was}</td>\
                 <td class=\"when\"><time datetime=\"{}\">{}</time></td><td class=\"local when\">{}</td>\
                 <td class=\"countdown\">{}</td><td>{source}</td></tr>\n",
                escape(&d.conference_key),
                d.kind.as_str(),
                instant(d.due_at),
                escape(&kind_label(d)),
                escape(&published(d)),
                instant(d.due_at),
                d.due_at.format("%Y-%m-%d %H:%M"),
                d.due_at.format("%Y-%m-%d %H:%M UTC"),
                countdown(now, d.due_at),
            ));
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
    if !listing.recent_changes.is_empty() {
        out.push_str("<section>\n<h2>Recent changes</h2>\n<ul class=\"changes\">\n");
        for change in &listing.recent_changes {
            out.push_str(&format!(
                "<li><time datetime=\"{}\">{}</time> — {}</li>\n",
                instant(change.detected_at),
                change.detected_at.format("%Y-%m-%d %H:%M UTC"),
                escape(&describe_change(change))
            ));
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str(&format!(
        "</main>\n<script>\n{SCRIPT}\n</script>\n</body>\n</html>\n"
    ));
    out
}
