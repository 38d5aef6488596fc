use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};

/// A value that can be sent as a path, query, header or cookie parameter: its text form on the
/// wire. Timestamps are RFC 3339, dates ISO 8601; generated enums send their wire value.
pub trait ParamValue {
    /// The value as sent.
    fn to_param(&self) -> String;

    /// The values sent for an exploded query parameter: one per item for a list, otherwise
    /// just the value (`tag=a&tag=b`).
    fn to_param_list(&self) -> Vec<String> {
        vec![self.to_param()]
    }
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

    fn to_param_list(&self) -> Vec<String> {
        (**self).to_param_list()
    }
}

/// A list as one value: items joined with commas (`simple` style, or `form` not exploded).
impl<T: ParamValue> ParamValue for Vec<T> {
    fn to_param(&self) -> String {
        self.to_param_list().join(",")
    }

    fn to_param_list(&self) -> Vec<String> {
        self.iter().map(ParamValue::to_param).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_join_or_explode() {
        let tags = vec!["a".to_owned(), "b c".to_owned()];
        assert_eq!(tags.to_param(), "a,b c");
        assert_eq!(tags.to_param_list(), ["a", "b c"]);
        assert_eq!(7i64.to_param_list(), ["7"]);
        let at = DateTime::parse_from_rfc3339("2024-05-06T07:08:09+02:00").unwrap();
        assert_eq!(at.to_param(), "2024-05-06T07:08:09+02:00");
    }
}
