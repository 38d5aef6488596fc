use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};

/// A value that can be sent as a path, query, header or cookie parameter: its text form on the
/// wire. Timestamps are RFC 3339, dates ISO 8601; generated enums send their wire value.
pub trait ParamValue {
    /// The value as sent.
    fn to_param(&self) -> String;
}

macro_rules! display_param {
    ($($t:ty),*) => {
        $(impl ParamValue for $t {
            fn to_param(&self) -> String {
                self.to_string()
            }
        })*
    };
}

display_param!(
    String,
    str,
    bool,
    i32,
    i64,
    u32,
    u64,
    f64,
    uuid::Uuid,
    NaiveDate
);

impl ParamValue for DateTime<FixedOffset> {
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
}

/// A list as one value: items joined with commas (`simple` style, or `form` not exploded).
impl<T: ParamValue> ParamValue for Vec<T> {
    fn to_param(&self) -> String {
        self.iter()
            .map(ParamValue::to_param)
            .collect::<Vec<_>>()
            .join(",")
    }
}
