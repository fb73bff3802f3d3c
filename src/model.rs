//! Plain data types of a plan file. They know nothing of files or HTML:
//! `load` fills them from YAML, `import` fills them from raw text, `link`
//! resolves them into a site graph.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::date::Date;

/// One action plan (行动计划 / 实施方案), as stored in `content/plans/<slug>.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// URL slug; defaults to the file stem. ASCII letters, digits and `-` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// The plan's own title, e.g. 贵港市教育提质行动计划.
    #[serde(deserialize_with = "fields::non_empty")]
    pub title: String,
    /// Issuing bodies (发文机关); several for joint documents.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub issuer: Vec<String>,
    /// The city, prefecture or district the plan governs; scopes department names.
    #[serde(default)]
    pub jurisdiction: String,
    /// 发文字号, e.g. 贵政通〔2022〕12号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    /// 成文日期: the date under the issuer's signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<Date>,
    /// 发布日期: the date the notice was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    /// 实施期: first and last year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Titles of the upstream documents this plan implements (inside 《》).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub basis: Vec<String>,
    /// The language of the text: `zh-Hans` (default) or `zh-Hant`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Path of the source document this plan was imported from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Preamble, Markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub intro: String,
    /// The plan's general goals (总体目标 / 年度目标), not inside any task.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// Chapters, in document order.
    #[serde(default)]
    pub sections: Vec<Section>,
}

/// A chapter or sub-chapter. Sections nest and may hold tasks directly.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Numbering as printed: 二, (一) ...; empty when unnumbered.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub number: String,
    /// The heading as printed, without its number.
    #[serde(deserialize_with = "fields::non_empty")]
    pub title: String,
    /// Text of the section that is not a task, Markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
    /// Targets the section states outside any task.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// Subsections, in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// The section's own tasks, in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
}

/// A numbered unit of work with accountable departments.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Numbering as printed (`1`, `(2)`); an unnumbered task gets `u1`, `u2` ...,
    /// a placeholder that keeps its URL stable and is never shown to readers.
    #[serde(deserialize_with = "fields::non_empty")]
    pub number: String,
    /// The heading sentence, without number and final 。
    #[serde(deserialize_with = "fields::non_empty")]
    pub title: String,
    /// Full text of the task, Markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
    /// 牵头单位.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lead: Vec<String>,
    /// 配合单位.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<String>,
    /// Units named without a lead/partner split (责任单位).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responsible: Vec<String>,
    /// Dated targets the task states.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
}

/// A dated, ideally measurable, commitment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Deadline year; absent when the source redacts or omits it (202*).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The clause stating the target, verbatim.
    #[serde(deserialize_with = "fields::non_empty")]
    pub text: String,
    /// The number as printed (`92.4`, `1—2`, `3万`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "fields::opt_scalar_string"
    )]
    pub value: Option<String>,
    /// The unit after the number (`%`, `所`, `万人`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// Implementation period, inclusive years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "[i32; 2]", into = "[i32; 2]")]
pub struct Period {
    /// First year.
    pub start: i32,
    /// Last year.
    pub end: i32,
}

impl TryFrom<[i32; 2]> for Period {
    type Error = String;
    fn try_from([start, end]: [i32; 2]) -> Result<Self, String> {
        if start > end {
            return Err(format!(
                "period [{start}, {end}] ends before it starts; write [first year, last year]"
            ));
        }
        Ok(Period { start, end })
    }
}

impl From<Period> for [i32; 2] {
    fn from(p: Period) -> Self {
        [p.start, p.end]
    }
}

impl Plan {
    /// Every task with the numbering path of its sections, in document order.
    pub fn tasks_with_path(&self) -> Vec<(Vec<String>, &Task)> {
        fn walk<'a>(
            sections: &'a [Section],
            prefix: &mut Vec<String>,
            out: &mut Vec<(Vec<String>, &'a Task)>,
        ) {
            for s in sections {
                prefix.push(s.number.clone());
                for t in &s.tasks {
                    let mut path: Vec<String> =
                        prefix.iter().filter(|n| !n.is_empty()).cloned().collect();
                    path.push(t.number.clone());
                    out.push((path, t));
                }
                walk(&s.sections, prefix, out);
                prefix.pop();
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, &mut Vec::new(), &mut out);
        out
    }
}

/// `issuer` may be written as one string or a list.
mod one_or_many {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        Ok(match OneOrMany::deserialize(d)? {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        })
    }

    pub(super) fn serialize<S: Serializer>(v: &[String], s: S) -> Result<S::Ok, S::Error> {
        if v.len() == 1 {
            v[0].serialize(s)
        } else {
            v.serialize(s)
        }
    }
}

/// Field checks that must fail inside serde, so the YAML error carries the
/// line and column of the offending value.
mod fields {
    use serde::{de::Error, Deserialize, Deserializer};

    pub(super) fn non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = String;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("non-empty text")
            }
            fn visit_str<E: Error>(self, s: &str) -> Result<String, E> {
                if s.trim().is_empty() {
                    return Err(E::custom("must not be empty"));
                }
                Ok(s.to_string())
            }
            fn visit_i64<E: Error>(self, n: i64) -> Result<String, E> {
                Ok(n.to_string())
            }
            fn visit_u64<E: Error>(self, n: u64) -> Result<String, E> {
                Ok(n.to_string())
            }
            fn visit_f64<E: Error>(self, n: f64) -> Result<String, E> {
                Ok(n.to_string())
            }
        }
        d.deserialize_str(V)
    }

    /// Accepts `92.4`, `"92.4"` or `3万` and keeps the number as printed.
    pub(super) fn opt_scalar_string<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<String>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Scalar {
            Int(i64),
            Float(f64),
            Text(String),
        }
        Ok(match Option::<Scalar>::deserialize(d)? {
            None => None,
            Some(Scalar::Int(i)) => Some(i.to_string()),
            Some(Scalar::Float(f)) => Some(f.to_string()),
            Some(Scalar::Text(t)) => Some(t),
        })
    }
}
