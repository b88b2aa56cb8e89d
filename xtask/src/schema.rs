//! `cargo xtask schema`: writes the JSON Schema of `/chat/config` from the protocol crate's types
//! to `docs/config.schema.json`, so the documented schema is the one the app reads. A test fails
//! when the committed file no longer matches the types.

use std::path::PathBuf;

use confab_protocol::config::ChatConfig;

use crate::workspace;

fn schema_path() -> PathBuf {
    workspace::root().join("docs/config.schema.json")
}

/// The schema as it is written: pretty JSON and a final newline.
fn generate() -> anyhow::Result<String> {
    let mut schema = schemars::schema_for!(ChatConfig);
    schema.insert("title".into(), "Confab chat config (GET /chat/config?clientType=web)".into());
    Ok(serde_json::to_string_pretty(&schema)? + "\n")
}

pub fn write() -> anyhow::Result<()> {
    let path = schema_path();
    std::fs::write(&path, generate()?)?;
    println!("wrote {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_schema_matches_the_types() {
        let committed = std::fs::read_to_string(schema_path()).unwrap_or_default();
        assert!(
            committed == generate().unwrap(),
            "docs/config.schema.json is out of date with the config types: run `cargo xtask schema`"
        );
    }

    #[test]
    fn the_schema_documents_every_section() {
        let schema: serde_json::Value = serde_json::from_str(&generate().unwrap()).unwrap();
        let properties = schema["properties"].as_object().unwrap();
        for key in ["authentication", "theme", "features", "labels", "locale", "tokenExpires", "server", "connection"] {
            assert!(properties.contains_key(key), "no {key} in {properties:?}");
        }
        assert_eq!(schema["required"], serde_json::json!(["authentication"]));
        let defs = schema["$defs"].as_object().unwrap();
        let palette = defs["Palette"]["properties"].as_object().unwrap();
        assert_eq!(palette.len(), 10, "{palette:?}");
    }
}
