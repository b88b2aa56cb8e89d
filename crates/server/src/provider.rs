//! Provider mode: minting login tokens on another Rocket.Chat-compatible server over HTTP, exactly
//! as a backend in front of a real Rocket.Chat does — look the user up with `users.info`,
//! create them with `users.create` on first sight, and mint with `users.createToken` (admin
//! credentials plus the server's minting secret).

use std::time::Duration;

use confab_protocol::rest::{
    AUTH_TOKEN_HEADER, CreateTokenRequest, CreateTokenResponse, CreateUserRequest, ErrorResponse, USER_ID_HEADER,
    UserResponse,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::secrets::new_secret;
use crate::settings::Settings;

/// How long one call to the provider may take.
const TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("the chat provider could not be reached: {0}")]
    Unreachable(#[from] reqwest::Error),
    #[error("the chat provider refused {call} ({status}): {message}")]
    Refused { call: &'static str, status: u16, message: String },
}

pub struct Provider {
    http: reqwest::Client,
    api: String,
    url: String,
    admin_id: String,
    admin_token: String,
    secret: Option<String>,
}

impl Provider {
    /// The provider the settings name, if any.
    pub fn from_settings(settings: &Settings) -> Option<Self> {
        let url = settings.provider_url.as_ref()?.trim_end_matches('/').to_owned();
        Some(Self {
            http: reqwest::Client::builder().timeout(TIMEOUT).build().unwrap_or_default(),
            api: format!("{url}/api/v1"),
            url,
            admin_id: settings.provider_user_id.clone().unwrap_or_default(),
            admin_token: settings.provider_token.clone().unwrap_or_default(),
            secret: settings.provider_secret.clone(),
        })
    }

    /// Where clients reach the provider.
    pub fn public_url(&self) -> &str {
        &self.url
    }

    async fn call<T: DeserializeOwned>(
        &self,
        call: &'static str,
        request: reqwest::RequestBuilder,
    ) -> Result<Option<T>, ProviderError> {
        let response =
            request.header(USER_ID_HEADER, &self.admin_id).header(AUTH_TOKEN_HEADER, &self.admin_token).send().await?;
        let status = response.status();
        if status.is_success() {
            return Ok(Some(response.json().await?));
        }
        if status.as_u16() == 400 || status.as_u16() == 404 {
            return Ok(None);
        }
        let message = response.json::<ErrorResponse>().await.map(|e| e.error).unwrap_or_default();
        Err(ProviderError::Refused { call, status: status.as_u16(), message })
    }

    async fn post<B: Serialize, T: DeserializeOwned>(&self, call: &'static str, body: &B) -> Result<T, ProviderError> {
        let found = self.call(call, self.http.post(format!("{}/{call}", self.api)).json(body)).await?;
        found.ok_or_else(|| ProviderError::Refused { call, status: 400, message: "refused".into() })
    }

    /// `GET /api/v1/{call}` on the provider as the user `user_id` signed in with `token`: what the
    /// app reads there itself (the server-rendered first screen reads the same).
    pub async fn read_as<T: DeserializeOwned>(
        &self,
        call: &'static str,
        user_id: &str,
        token: &str,
    ) -> Result<T, ProviderError> {
        let response = self
            .http
            .get(format!("{}/{call}", self.api))
            .header(USER_ID_HEADER, user_id)
            .header(AUTH_TOKEN_HEADER, token)
            .send()
            .await?;
        let status = response.status();
        if status.is_success() {
            return Ok(response.json().await?);
        }
        let message = response.json::<ErrorResponse>().await.map(|e| e.error).unwrap_or_default();
        Err(ProviderError::Refused { call, status: status.as_u16(), message })
    }

    /// The provider's user id for `username` (created on first sight) and a fresh login token.
    pub async fn credentials_for(&self, username: &str) -> Result<(String, String), ProviderError> {
        let lookup = self.http.get(format!("{}/users.info", self.api)).query(&[("username", username)]);
        let user = match self.call::<UserResponse>("users.info", lookup).await? {
            Some(found) => found.user,
            None => {
                let create = CreateUserRequest {
                    email: format!("{username}@users.confab.invalid"),
                    name: username.to_owned(),
                    password: Some(new_secret()),
                    username: username.to_owned(),
                    roles: None,
                };
                self.post::<_, UserResponse>("users.create", &create).await?.user
            }
        };
        let mint = CreateTokenRequest { user_id: Some(user.id.clone()), username: None, secret: self.secret.clone() };
        let minted: CreateTokenResponse = self.post("users.createToken", &mint).await?;
        Ok((minted.data.user_id, minted.data.auth_token))
    }
}
