//! `settings.public`: the settings a client may read before it signs in. Confab's are the upload
//! limits and the limits on editing and deleting and the idle time after which a user shows away, under Rocket.Chat's names, so the app refuses a
//! file the server would refuse before sending a byte of it, and offers an edit only where the
//! server allows it, against this server or a real Rocket.Chat alike.

use axum::Json;
use axum::extract::State;
use confab_protocol::permission::{
    ALLOW_DELETING_SETTING, ALLOW_EDITING_SETTING, DELETE_BLOCK_MINUTES_SETTING, EDIT_BLOCK_MINUTES_SETTING,
};
use confab_protocol::presence::IDLE_SECONDS_SETTING;
use confab_protocol::rest::{
    ACCEPTED_TYPES_SETTING, MAX_FILE_SIZE_SETTING, PublicSetting, PublicSettingsQuery, PublicSettingsResponse,
    UPLOADS_ENABLED_SETTING,
};
use serde_json::{Value, json};

use super::extract::ApiQuery;
use crate::error::ApiError;
use crate::state::AppState;

fn all(state: &AppState) -> Vec<PublicSetting> {
    let settings = &state.settings;
    let setting = |id: &str, value: Value| PublicSetting { id: id.to_owned(), value };
    vec![
        setting(UPLOADS_ENABLED_SETTING, json!(true)),
        setting(MAX_FILE_SIZE_SETTING, json!(settings.max_file_bytes)),
        setting(ACCEPTED_TYPES_SETTING, json!(settings.accepted_media_types.join(","))),
        setting(ALLOW_EDITING_SETTING, json!(settings.allow_editing)),
        setting(EDIT_BLOCK_MINUTES_SETTING, json!(settings.edit_block_minutes)),
        setting(ALLOW_DELETING_SETTING, json!(settings.allow_deleting)),
        setting(DELETE_BLOCK_MINUTES_SETTING, json!(settings.delete_block_minutes)),
        setting(IDLE_SECONDS_SETTING, json!(settings.idle_seconds)),
    ]
}

/// `GET /api/v1/settings.public`, optionally `?_id=A,B` for only those.
pub async fn public_settings(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<PublicSettingsQuery>,
) -> Result<Json<PublicSettingsResponse>, ApiError> {
    let wanted: Option<Vec<&str>> = query.ids.as_deref().map(|ids| ids.split(',').map(str::trim).collect());
    let settings: Vec<PublicSetting> = all(&state)
        .into_iter()
        .filter(|setting| wanted.as_ref().is_none_or(|ids| ids.contains(&setting.id.as_str())))
        .collect();
    let count = settings.len() as u32;
    Ok(Json(PublicSettingsResponse { settings, count, offset: 0, total: count, success: true }))
}
