//! The signed-in user's own account: who they are, their token, status, picture and rights.

use confab_protocol::page_api::UserStatus;
use confab_protocol::presence::{IDLE_SECONDS_SETTING, PresenceResponse, UserPresence};
use confab_protocol::rest::{
    LoginRequest, LoginResponse, LogoutResponse, MeResponse, SetStatusRequest, SuccessResponse,
};
use confab_protocol::rest::{PermissionsResponse, PublicSettingsResponse, ResetAvatarRequest};

use crate::state::rights::{EditRules, Rights};
use gloo_net::http::Request;

use super::{ApiError, Rest};

impl Rest {
    /// The user a login token belongs to, asked of the server at `base` without a session: how a
    /// framing page's `login-with-token` is checked before the app switches to it.
    pub async fn user_of_token(base: &str, token: &str) -> Result<String, ApiError> {
        let url = format!("{}/api/v1/login", base.trim_end_matches('/'));
        let request =
            Request::post(&url).json(&LoginRequest { resume: token.to_owned() }).map_err(|_| ApiError::Unreadable)?;
        let answer: LoginResponse = Self::answer(Self::read(request.send().await).await)?;
        Ok(answer.data.user_id)
    }

    /// Revokes the current token on the server. Not replayed: a refused token is as good as
    /// revoked.
    pub async fn logout(&self) -> Result<(), ApiError> {
        let (token, _) = self.session.token();
        let request = self
            .authorized(Request::post(&format!("{}/logout", self.base)), &token)
            .build()
            .map_err(|_| ApiError::Unreadable)?;
        let _: LogoutResponse = Self::answer(Self::read(request.send().await).await)?;
        Ok(())
    }

    /// The status the user chooses, and what they say of it (`None` keeps the text as it is).
    pub async fn set_status(&self, status: UserStatus, text: Option<&str>) -> Result<(), ApiError> {
        let body = SetStatusRequest { status: status.as_str().to_owned(), message: text.map(str::to_owned) };
        let _: SuccessResponse = self.post("users.setStatus", &body).await?;
        Ok(())
    }

    /// Everyone's presence as the server shows it now.
    pub async fn presence(&self) -> Result<Vec<UserPresence>, ApiError> {
        let response: PresenceResponse = self.get("users.presence", &[]).await?;
        Ok(response.users)
    }

    pub async fn me(&self) -> Result<MeResponse, ApiError> {
        self.get("me", &[]).await
    }

    /// What the user may do (every permission, and the server's limits on editing and deleting)
    /// and the seconds without input after which they are reported away (Rocket.Chat's default:
    /// 300), asked side by side, the settings in one request.
    pub async fn rights_and_idle_seconds(&self) -> Result<(Rights, u32), ApiError> {
        use confab_protocol::permission::{
            ALLOW_DELETING_SETTING, ALLOW_EDITING_SETTING, DELETE_BLOCK_MINUTES_SETTING, EDIT_BLOCK_MINUTES_SETTING,
        };
        let ids = [
            ALLOW_EDITING_SETTING,
            EDIT_BLOCK_MINUTES_SETTING,
            ALLOW_DELETING_SETTING,
            DELETE_BLOCK_MINUTES_SETTING,
            IDLE_SECONDS_SETTING,
        ]
        .join(",");
        let query = [("_id", ids.as_str())];
        let (permissions, settings) = futures::join!(
            self.get::<PermissionsResponse>("permissions.listAll", &[]),
            self.get::<PublicSettingsResponse>("settings.public", &query),
        );
        let settings = settings?;
        let flag = |id, default| settings.value(id).and_then(serde_json::Value::as_bool).unwrap_or(default);
        let number = |id, default| settings.value(id).and_then(serde_json::Value::as_u64).unwrap_or(default);
        let minutes = |id| number(id, 0).min(u64::from(u32::MAX)) as u32;
        let rules = EditRules {
            allow_editing: flag(ALLOW_EDITING_SETTING, true),
            edit_block_minutes: minutes(EDIT_BLOCK_MINUTES_SETTING),
            allow_deleting: flag(ALLOW_DELETING_SETTING, true),
            delete_block_minutes: minutes(DELETE_BLOCK_MINUTES_SETTING),
        };
        let idle_seconds = number(IDLE_SECONDS_SETTING, 300).clamp(1, u64::from(u32::MAX)) as u32;
        Ok((Rights { permissions: permissions?.update, rules }, idle_seconds))
    }

    /// Sets the user's picture (`users.setAvatar`, the picture as a form's `image`).
    pub async fn set_avatar(&self, picture: &web_sys::File) -> Result<(), ApiError> {
        let url = format!("{}/users.setAvatar", self.base);
        let mut replayed = false;
        loop {
            let form = web_sys::FormData::new().map_err(|_| ApiError::Unreadable)?;
            let name = confab_protocol::rest::part_file_name(&picture.name());
            form.append_with_blob_and_filename("image", picture, &name).map_err(|_| ApiError::Unreadable)?;
            let (token, generation) = self.session.token();
            let request = self.authorized(Request::post(&url), &token).body(form).map_err(|_| ApiError::Unreadable)?;
            match Self::read(request.send().await).await {
                Err(ApiError::Unauthorized) if !replayed && self.session.recover(generation).await => replayed = true,
                answer => return answer.map(|_| ()),
            }
        }
    }

    /// Puts the user's initials back in place of their picture (`users.resetAvatar`).
    pub async fn reset_avatar(&self) -> Result<(), ApiError> {
        let _: SuccessResponse = self.post("users.resetAvatar", &ResetAvatarRequest::default()).await?;
        Ok(())
    }
}
