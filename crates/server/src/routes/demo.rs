//! Demo mode's stand-in for a host application's own sign-in: a page listing the demo users, and
//! a form post that gives the browser a cookie the config endpoint accepts as that user's
//! identity. Only routed when the server runs with `--demo`.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::{CONTENT_TYPE, SET_COOKIE};
use axum::response::{Html, IntoResponse, Redirect, Response};
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use serde::Deserialize;

use super::extract::ApiForm;
use crate::demo_themes::{NAMES, NIGHTJAR_LOGO, THEME_COOKIE};
use crate::error::ApiError;
use crate::host_backend::{DEMO_COOKIE, cookie};
use crate::secrets::new_secret;
use crate::state::AppState;

pub async fn sign_in_page(State(state): State<AppState>, headers: HeaderMap) -> Result<Html<String>, ApiError> {
    let users = state.store.users().await?;
    let buttons: String = users
        .iter()
        .map(|user| {
            format!(
                r#"<li><form method="post" action="/demo/sign-in"><input type="hidden" name="username" value="{}"><button type="submit">{}<small>@{}</small></button></form></li>"#,
                attr(&user.username),
                text(user.to_ref().display_name()),
                text(&user.username),
            )
        })
        .collect();
    let chosen = cookie(&headers, THEME_COOKIE).unwrap_or("default");
    let looks: String = NAMES
        .iter()
        .map(|(name, label)| {
            let checked = if *name == chosen { " checked" } else { "" };
            format!(r#"<label><input type="radio" name="theme" value="{name}"{checked}> {label}</label>"#)
        })
        .collect();
    Ok(Html(format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Confab demo — sign in</title>
<style>
body {{ font-family: system-ui, sans-serif; background: #f4f5f7; color: #1f2329; display: grid; place-items: center; min-height: 100vh; margin: 0; }}
main {{ background: #fff; padding: 2rem 2.5rem; border-radius: 12px; box-shadow: 0 2px 12px rgb(0 0 0 / 8%); min-width: 18rem; }}
h1 {{ font-size: 1.3rem; margin: 0 0 .25rem; }}
p {{ color: #5c6370; margin: 0 0 1.25rem; }}
ul {{ list-style: none; padding: 0; margin: 0; display: grid; gap: .5rem; }}
button {{ width: 100%; display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; padding: .7rem 1rem; font: inherit; border: 1px solid #d0d4da; border-radius: 8px; background: #fff; cursor: pointer; }}
button:hover, button:focus-visible {{ border-color: #1d74f5; outline: 2px solid #1d74f5; }}
small {{ color: #5c6370; }}
.looks {{ margin-top: 1.5rem; }}
.looks fieldset {{ border: 1px solid #d0d4da; border-radius: 8px; display: grid; gap: .35rem; margin: 0 0 .5rem; }}
.looks label {{ display: flex; gap: .5rem; }}
</style>
</head>
<body>
<main>
<h1>Confab demo</h1>
<p>Sign in as one of the demo users. Open another browser to chat as someone else.</p>
<ul>{buttons}</ul>
<form method="post" action="/demo/theme" class="looks">
<fieldset><legend>Look</legend>{looks}</fieldset>
<button type="submit">Use this look</button>
</form>
</main>
</body>
</html>"#
    )))
}

#[derive(Deserialize)]
pub struct SignIn {
    username: String,
}

pub async fn sign_in(State(state): State<AppState>, ApiForm(form): ApiForm<SignIn>) -> Result<Response, ApiError> {
    let Some(user) = state.store.user_by_username(&form.username).await? else {
        return Ok(Redirect::to("/demo").into_response());
    };
    let secret = new_secret();
    state.store.insert_demo_session(&user.id, &secret).await?;
    let cookie = format!("{DEMO_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000");
    Ok(([(SET_COOKIE, cookie)], Redirect::to("/")).into_response())
}

#[derive(Deserialize)]
pub struct ChooseTheme {
    theme: String,
}

/// Remembers the demo's look in a cookie the config endpoint reads; an unknown name is the default.
pub async fn choose_theme(ApiForm(form): ApiForm<ChooseTheme>) -> Response {
    let name = NAMES.iter().map(|(name, _)| *name).find(|name| *name == form.theme).unwrap_or("default");
    let cookie = format!("{THEME_COOKIE}={name}; Path=/; SameSite=Lax; Max-Age=31536000");
    ([(SET_COOKIE, cookie)], Redirect::to("/demo")).into_response()
}

pub async fn nightjar_logo() -> Response {
    ([(CONTENT_TYPE, "image/svg+xml")], NIGHTJAR_LOGO).into_response()
}
