//! Files: the server's upload limits, confirming an upload as a message, and reading a file with the session's headers.

use confab_protocol::Message;
use confab_protocol::rest::{
    ACCEPTED_TYPES_SETTING, MAX_FILE_SIZE_SETTING, MediaConfirmRequest, MediaMessageResponse, PublicSettingsResponse,
    UPLOADS_ENABLED_SETTING, UploadLimits,
};

use gloo_net::http::Request;
use wasm_bindgen::JsCast;

use super::{ApiError, Rest, is_server_path};

impl Rest {
    /// A file of the server's (an upload, `/file-upload/...`) as a blob, fetched with the login
    /// headers: the address never carries a token, and the headers go to no other server.
    pub async fn file(&self, path: &str) -> Result<web_sys::Blob, ApiError> {
        if !is_server_path(path) {
            return Err(ApiError::Unreadable);
        }
        let url = format!("{}{path}", self.server());
        let mut replayed = false;
        loop {
            let (token, generation) = self.session.token();
            let request = self.authorized(Request::get(&url), &token).build().map_err(|_| ApiError::Unreadable)?;
            let response = request.send().await.map_err(|_| ApiError::Network)?;
            match response.status() {
                401 if !replayed && self.session.recover(generation).await => replayed = true,
                401 => return Err(ApiError::Unauthorized),
                200 => {
                    let raw: web_sys::Response = response.into();
                    let blob = raw.blob().map_err(|_| ApiError::Unreadable)?;
                    let blob = wasm_bindgen_futures::JsFuture::from(blob).await.map_err(|_| ApiError::Network)?;
                    return blob.dyn_into().map_err(|_| ApiError::Unreadable);
                }
                status => return Err(ApiError::Status(status)),
            }
        }
    }

    /// What the server accepts for upload.
    pub async fn upload_limits(&self) -> Result<UploadLimits, ApiError> {
        let ids = [UPLOADS_ENABLED_SETTING, MAX_FILE_SIZE_SETTING, ACCEPTED_TYPES_SETTING].join(",");
        let settings: PublicSettingsResponse = self.get("settings.public", &[("_id", &ids)]).await?;
        Ok(UploadLimits::from_settings(&settings))
    }

    /// Posts the message that shows upload `file_id` in room `rid`.
    pub async fn confirm_upload(
        &self,
        rid: &str,
        file_id: &str,
        description: Option<String>,
        tmid: Option<String>,
    ) -> Result<Message, ApiError> {
        let body = MediaConfirmRequest { msg: None, description, tmid };
        let response: MediaMessageResponse = self.post(&format!("rooms.mediaConfirm/{rid}/{file_id}"), &body).await?;
        Ok(response.message)
    }
}
