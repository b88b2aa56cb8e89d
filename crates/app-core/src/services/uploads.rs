//! Sending a file to a room (`rooms.media`), with its progress and a way to cancel.
//!
//! `fetch` cannot report how much of a request body has gone, so an upload is an
//! `XMLHttpRequest`, whose `upload` reports progress. It carries the session's headers like
//! every other call; a refused token is refreshed and the upload started again once. Cancelling
//! aborts the request: the server drops what it received and keeps no file. Only the upload
//! dialog (a part) starts uploads, so this code is in that part's file.

use std::cell::RefCell;
use std::rc::Rc;

use confab_protocol::json::FromJson;
use confab_protocol::rest::{AUTH_TOKEN_HEADER, ErrorResponse, MediaResponse, USER_ID_HEADER};
use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{FormData, ProgressEvent, XmlHttpRequest};
use yew::Callback;

use super::rest::{ApiError, Rest};

/// What an upload reports.
#[derive(Clone, Debug, PartialEq)]
pub enum UploadEvent {
    /// Bytes sent of the total.
    Progress {
        sent: f64,
        total: f64,
    },
    /// The file is stored: its id, for the message that will show it.
    Stored(String),
    Failed(ApiError),
}

/// An upload under way; dropping it does not stop it, [`Upload::cancel`] does.
#[derive(Clone)]
pub struct Upload {
    request: Rc<RefCell<Option<XmlHttpRequest>>>,
    cancelled: Rc<std::cell::Cell<bool>>,
}

impl PartialEq for Upload {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.request, &other.request)
    }
}

impl Upload {
    /// Starts sending `file` to room `rid`, telling `on_event` how it goes.
    pub fn start(rest: Rest, rid: &str, file: web_sys::File, on_event: Callback<UploadEvent>) -> Self {
        let upload = Self { request: Rc::default(), cancelled: Rc::default() };
        let url = format!("{}/api/v1/rooms.media/{rid}", rest.server());
        let running = upload.clone();
        spawn_local(async move {
            let mut replayed = false;
            loop {
                let (user_id, token, generation) = rest.credentials();
                let outcome = running.send(&url, &user_id, &token, &file, &on_event).await;
                if running.cancelled.get() {
                    return;
                }
                match outcome {
                    Err(ApiError::Unauthorized) if !replayed && rest.recover(generation).await => replayed = true,
                    Ok(id) => return on_event.emit(UploadEvent::Stored(id)),
                    Err(error) => return on_event.emit(UploadEvent::Failed(error)),
                }
            }
        });
        upload
    }

    /// Stops the upload; the server keeps nothing of it.
    pub fn cancel(&self) {
        self.cancelled.set(true);
        if let Some(request) = self.request.borrow_mut().take() {
            let _ = request.abort();
        }
    }

    /// One attempt: the stored file's id, or why not.
    async fn send(
        &self,
        url: &str,
        user_id: &str,
        token: &str,
        file: &web_sys::File,
        on_event: &Callback<UploadEvent>,
    ) -> Result<String, ApiError> {
        let request = XmlHttpRequest::new().map_err(|_| ApiError::Unreadable)?;
        request.open("POST", url).map_err(|_| ApiError::Unreadable)?;
        request.set_request_header(USER_ID_HEADER, user_id).map_err(|_| ApiError::Unreadable)?;
        request.set_request_header(AUTH_TOKEN_HEADER, token).map_err(|_| ApiError::Unreadable)?;
        let form = FormData::new().map_err(|_| ApiError::Unreadable)?;
        let name = confab_protocol::rest::part_file_name(&file.name());
        form.append_with_blob_and_filename("file", file, &name).map_err(|_| ApiError::Unreadable)?;
        let (done, finished) = futures::channel::oneshot::channel::<()>();
        let done = Rc::new(RefCell::new(Some(done)));
        let finish = move |_: &web_sys::Event| {
            if let Some(done) = done.borrow_mut().take() {
                let _ = done.send(());
            }
        };
        let progress = request.upload().ok().map(|target| {
            let on_event = on_event.clone();
            EventListener::new(&target, "progress", move |event| {
                if let Some(event) = event.dyn_ref::<ProgressEvent>().filter(|e| e.length_computable()) {
                    on_event.emit(UploadEvent::Progress { sent: event.loaded(), total: event.total() });
                }
            })
        });
        let _listeners = ["loadend"].map(|name| EventListener::new(&request, name, finish.clone()));
        *self.request.borrow_mut() = Some(request.clone());
        request.send_with_opt_form_data(Some(&form)).map_err(|_| ApiError::Network)?;
        let _ = finished.await;
        drop(progress);
        self.request.borrow_mut().take();
        let status = request.status().unwrap_or(0);
        let body = request.response_text().ok().flatten().unwrap_or_default();
        let json = serde_json::from_str::<serde_json::Value>(&body).ok();
        match status {
            0 => Err(ApiError::Network),
            401 => Err(ApiError::Unauthorized),
            200..=299 => {
                json.as_ref().and_then(MediaResponse::from_json).map(|r| r.file.id).ok_or(ApiError::Unreadable)
            }
            status => Err(json
                .as_ref()
                .and_then(ErrorResponse::from_json)
                .map_or(ApiError::Status(status), |refusal| ApiError::Refused(refusal.error))),
        }
    }
}
