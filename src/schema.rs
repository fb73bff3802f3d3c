//! The JSON Schema of plan files, generated from the Rust types so it can
//! never drift from what the loader accepts.

/// Pretty-printed JSON Schema for `content/plans/*.yaml`.
pub fn plan_schema_json() -> String {
    let schema = schemars::schema_for!(crate::model::Plan);
    serde_json::to_string_pretty(&schema).expect("schema serialises")
}
