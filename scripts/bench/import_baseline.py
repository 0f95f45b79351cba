#!/usr/bin/env python3
"""The baseline for the import benchmark: the same rows as `confradar-cli
import` stores (series, conferences, sources, deadlines and each source's
value of every deadline), written as plain
batched `INSERT … ON CONFLICT` statements for psql or sqlite3 — the fastest
plain way to load them, with no change detection and no history.

usage: import_baseline.py ITEMS.jsonl postgres|sqlite > load.sql
"""
import json
import re
import sys
from datetime import datetime, timedelta, timezone

BATCH = 1000
path, dialect = sys.argv[1], sys.argv[2]
NOW = "CURRENT_TIMESTAMP"


def q(text):
    return "NULL" if text is None else "'" + str(text).replace("'", "''") + "'"


def series_key(item):
    key = item.get("key") or item["name"]
    year = str(item.get("year") or "")
    for suffix in (year, year[-2:]):
        if suffix and key.endswith(suffix):
            return key[: -len(suffix)] or key
    return key


def due_at(date, tz):
    # AoE (UTC-12) unless a UTC offset is given; named zones are approximated by it too.
    offset = -12
    m = re.match(r"(?:UTC|GMT)([+-]\d+)", tz or "")
    if m:
        offset = int(m.group(1))
    elif tz in ("UTC", "GMT"):
        offset = 0
    local = datetime.fromisoformat(date).replace(hour=23, minute=59, tzinfo=timezone(timedelta(hours=offset)))
    return local.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S+00:00")


items = [json.loads(line) for line in open(path) if line.strip()]
print("BEGIN;")
for start in range(0, len(items), BATCH):
    chunk = items[start : start + BATCH]
    series = {series_key(i): i for i in chunk}
    print(
        "INSERT INTO series (key, name, acronym, homepage, created_at, updated_at) VALUES "
        + ",".join(f"({q(k)}, {q(i['name'])}, NULL, NULL, {NOW}, {NOW})" for k, i in series.items())
        + " ON CONFLICT (key) DO NOTHING;"
    )
    print(
        "INSERT INTO conferences (key, series_id, name, year, homepage, kind, created_at, updated_at) "
        "WITH v(key, skey, name, year, homepage) AS (VALUES "
        + ",".join(f"({q(i['key'])}, {q(series_key(i))}, {q(i['name'])}, {int(i['year'])}, {q(i.get('homepage'))})" for i in chunk)
        + ") SELECT v.key, s.id, v.name, v.year, v.homepage, 'conference', "
        + NOW + ", " + NOW + " FROM v JOIN series s ON s.key = v.skey WHERE true"
        " ON CONFLICT (key) DO UPDATE SET name = excluded.name, homepage = excluded.homepage;"
    )
    print(
        "INSERT INTO sources (conference_id, url, failure_count, created_at) "
        "WITH v(ckey, url) AS (VALUES "
        + ",".join(f"({q(i['key'])}, {q(i.get('url') or i.get('homepage') or '')})" for i in chunk)
        + ") SELECT c.id, v.url, 0, " + NOW + " FROM v JOIN conferences c ON c.key = v.ckey WHERE true"
        " ON CONFLICT (conference_id, url) DO UPDATE SET last_fetched_at = excluded.created_at;"
    )
    rows = []
    for i in chunk:
        seen = {}
        for d in i.get("deadlines", []):
            ordinal = seen.get(d["kind"], 0)
            seen[d["kind"]] = ordinal + 1
            rows.append((i["key"], i.get("url") or i.get("homepage") or "", d["kind"], ordinal, d["due_date"], d.get("timezone"), due_at(d["due_date"], d.get("timezone"))))
    date = (lambda v: f"DATE {q(v)}") if dialect == "postgres" else q
    instant = (lambda v: f"TIMESTAMPTZ {q(v)}") if dialect == "postgres" else q
    print(
        "INSERT INTO deadlines (conference_id, kind, track, ordinal, due_date, timezone, due_at, created_at, updated_at) "
        "WITH v(ckey, kind, ordinal, due_date, tz, due_at) AS (VALUES "
        + ",".join(f"({q(k)}, {q(kind)}, {o}, {date(d)}, {q(tz)}, {instant(at)})" for k, _, kind, o, d, tz, at in rows)
        + ") SELECT c.id, v.kind, '', v.ordinal, v.due_date, v.tz, v.due_at, " + NOW + ", " + NOW
        + " FROM v JOIN conferences c ON c.key = v.ckey WHERE true"
        " ON CONFLICT (conference_id, kind, track, ordinal) DO UPDATE SET due_date = excluded.due_date,"
        " timezone = excluded.timezone, due_at = excluded.due_at, updated_at = excluded.updated_at;"
    )
    print(
        "INSERT INTO deadline_values (conference_id, source_id, kind, track, ordinal, due_date, timezone, due_at,"
        " first_seen_at, last_seen_at, changed_at) "
        "WITH v(ckey, url, kind, ordinal, due_date, tz, due_at) AS (VALUES "
        + ",".join(f"({q(k)}, {q(u)}, {q(kind)}, {o}, {date(d)}, {q(tz)}, {instant(at)})" for k, u, kind, o, d, tz, at in rows)
        + ") SELECT c.id, s.id, v.kind, '', v.ordinal, v.due_date, v.tz, v.due_at, " + NOW + ", " + NOW + ", " + NOW
        + " FROM v JOIN conferences c ON c.key = v.ckey JOIN sources s ON s.conference_id = c.id AND s.url = v.url WHERE true"
        " ON CONFLICT (source_id, kind, track, ordinal) DO UPDATE SET due_date = excluded.due_date,"
        " timezone = excluded.timezone, due_at = excluded.due_at, last_seen_at = excluded.last_seen_at;"
    )
print("COMMIT;")
