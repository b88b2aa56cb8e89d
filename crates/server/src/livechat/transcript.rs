//! A conversation's transcript: its messages as plain text, oldest first, to download or to mail
//! through the operator's SMTP relay. Plain text, so nothing a visitor or a bot wrote can become
//! markup in a mail reader.

use confab_protocol::{Room, Timestamp};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message as Mail};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::error::ApiError;
use crate::state::AppState;

/// The most messages a transcript holds; a longer conversation says where it was cut.
const MAX_MESSAGES: u32 = 2000;

/// The transcript of `room`.
pub async fn text(state: &AppState, room: &Room) -> Result<String, ApiError> {
    let messages = state.store.messages_after(&room.id, Timestamp(i64::MIN), MAX_MESSAGES + 1).await?;
    let title = room.fname.as_deref().unwrap_or("Support conversation");
    let mut text = format!("{title}\nStarted {}\n\n", room.ts.to_iso());
    for message in messages.iter().take(MAX_MESSAGES as usize) {
        let who = message.alias.as_deref().unwrap_or_else(|| message.u.display_name());
        let words = match message.t.as_deref() {
            Some(super::QUEUED) => format!("{who} asked for a person"),
            Some("uj") => format!("{who} joined"),
            Some(super::TRANSFERRED) => format!("{who} passed the conversation on"),
            Some(super::CLOSED) if message.msg.is_empty() => format!("{who} closed the conversation"),
            Some(super::CLOSED) => format!("{who} closed the conversation: {}", message.msg),
            Some(_) => continue,
            None => format!("{who}: {}", message.plain_text()),
        };
        text.push_str(&format!("[{}] {words}\n", message.ts.to_iso()));
    }
    if messages.len() > MAX_MESSAGES as usize {
        text.push_str(&format!("\n(The first {MAX_MESSAGES} messages; the rest are in the chat.)\n"));
    }
    Ok(text)
}

/// Mails the transcript of `room` to `to`, through the relay at `--smtp-url`.
pub async fn mail(state: &AppState, room: &Room, to: &str) -> Result<(), ApiError> {
    let Some(relay) = state.settings.smtp_url.as_deref() else {
        return Err(ApiError::bad_request("error-transcript-unavailable", "Transcripts cannot be mailed here"));
    };
    let not_sent = || ApiError::bad_request("error-email-send-failed", "The transcript could not be mailed now");
    let (host, port) = relay_address(relay).ok_or_else(|| {
        tracing::error!(relay, "the SMTP relay is not an smtp://host:port address");
        not_sent()
    })?;
    let to: Mailbox =
        to.parse().map_err(|_| ApiError::bad_request("error-invalid-email", "The email address is not valid"))?;
    let from: Mailbox = state.settings.smtp_from.parse().map_err(|error| {
        tracing::error!(%error, "the transcript sender is not a mail address");
        not_sent()
    })?;
    let mail = Mail::builder()
        .from(from)
        .to(to)
        .subject("Your conversation")
        .header(ContentType::TEXT_PLAIN)
        .body(text(state, room).await?)
        .map_err(|error| {
            tracing::error!(%error, "a transcript mail could not be made");
            not_sent()
        })?;
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port).build();
    transport.send(mail).await.map_err(|error| {
        tracing::warn!(%error, "the SMTP relay refused a transcript");
        not_sent()
    })?;
    Ok(())
}

/// The host and port of an `smtp://host:port` address (port 25 when not given).
fn relay_address(url: &str) -> Option<(String, u16)> {
    let url = url::Url::parse(url).ok()?;
    (url.scheme() == "smtp").then_some(())?;
    Some((url.host_str()?.to_owned(), url.port().unwrap_or(25)))
}

#[cfg(test)]
mod tests {
    use super::relay_address;

    #[test]
    fn a_relay_is_an_smtp_address() {
        assert_eq!(relay_address("smtp://127.0.0.1:2525"), Some(("127.0.0.1".into(), 2525)));
        assert_eq!(relay_address("smtp://mail.example.com"), Some(("mail.example.com".into(), 25)));
        assert_eq!(relay_address("http://mail.example.com"), None);
        assert_eq!(relay_address("not a url"), None);
    }
}
