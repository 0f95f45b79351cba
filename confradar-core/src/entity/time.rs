//! Times at the store boundary. The entities hold `DateTimeWithTimeZone`
//! (chrono's `DateTime<FixedOffset>`, always at offset zero here), the rest
//! of ConfRadar `DateTime<Utc>`; [`db_time`] and [`utc`] convert.
//!
//! Why not `DateTime<Utc>` in the entities: on MySQL/MariaDB sqlx binds a
//! `DateTime<Utc>` as a parameter of type `TIMESTAMP`, and MariaDB turns one
//! after 2038-01-19 into NULL even for a `DATETIME(6)` column. sea-orm binds
//! a `DateTime<FixedOffset>` there as its UTC `DATETIME` text, which holds
//! years 1000 to 9999. PostgreSQL receives the same `timestamptz`, SQLite
//! the same RFC 3339 text (`…+00:00`). Every time bound in a query (a
//! filter, an update's value) goes through [`db_time`] for the same reason.
//! (docs/architecture.md, "Times after 2038 on MySQL/MariaDB".)

use chrono::{DateTime, Utc};
use sea_orm::prelude::DateTimeWithTimeZone;

/// A UTC time as the entities hold and the database receives it.
#[must_use]
pub fn db_time(t: DateTime<Utc>) -> DateTimeWithTimeZone {
    t.fixed_offset()
}

/// A time read from the database, in UTC.
#[must_use]
pub fn utc(t: DateTimeWithTimeZone) -> DateTime<Utc> {
    t.to_utc()
}

/// Dumps write entity times as UTC (`…Z`), as they did when the entities
/// held `DateTime<Utc>`, and read any RFC 3339 offset.
pub(crate) mod serde_utc {
    use chrono::{DateTime, Utc};
    use sea_orm::prelude::DateTimeWithTimeZone;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        t: &DateTimeWithTimeZone,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        t.to_utc().serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<DateTimeWithTimeZone, D::Error> {
        DateTime::<Utc>::deserialize(d).map(super::db_time)
    }
}

/// [`serde_utc`] for a time that may be absent.
pub(crate) mod serde_utc_opt {
    use chrono::{DateTime, Utc};
    use sea_orm::prelude::DateTimeWithTimeZone;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        t: &Option<DateTimeWithTimeZone>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        t.map(|t| t.to_utc()).serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTimeWithTimeZone>, D::Error> {
        Option::<DateTime<Utc>>::deserialize(d).map(|t| t.map(super::db_time))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_keeps_its_instant_both_ways() {
        let t = DateTime::parse_from_rfc3339("2099-05-09T11:59:00.123456Z")
            .unwrap()
            .to_utc();
        assert_eq!(db_time(t).offset().local_minus_utc(), 0);
        assert_eq!(utc(db_time(t)), t);
    }
}
