//! A file of the server's shown in the page: fetched with the session's credentials (an `<img>`
//! or `<video>` cannot send them, and a token never goes in an address) into a blob, shown from
//! the blob's address, which is let go when the view is.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use confab_core::components::use_client;

/// Where a stored file stands for the view showing it.
#[derive(Clone, Debug, PartialEq)]
pub enum Fetched {
    Loading,
    /// The blob's address (`blob:...`).
    Ready(AttrValue),
    Failed,
}

/// The file at `path` (`/file-upload/...`), fetched once `wanted`.
#[hook]
pub fn use_stored_file(path: Option<AttrValue>, wanted: bool) -> Fetched {
    let client = use_client();
    let fetched = use_state(|| Fetched::Loading);
    {
        let fetched = fetched.clone();
        use_effect_with((path, wanted), move |(path, wanted)| {
            // The blob's address while shown; `None` inside once the view is gone, so a fetch that
            // ends after that lets its blob go at once.
            let shown = Rc::new(RefCell::new(Some(None::<String>)));
            if let (Some(path), true) = (path.clone(), *wanted) {
                let (rest, shown) = (client.rest(), shown.clone());
                fetched.set(Fetched::Loading);
                wasm_bindgen_futures::spawn_local(async move {
                    let blob = rest.file(&path).await.ok();
                    let address = blob.and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob).ok());
                    let Some(address) = address else { return fetched.set(Fetched::Failed) };
                    match shown.borrow_mut().as_mut() {
                        Some(slot) => *slot = Some(address.clone()),
                        None => return drop(web_sys::Url::revoke_object_url(&address)),
                    }
                    fetched.set(Fetched::Ready(address.into()));
                });
            }
            move || {
                if let Some(address) = shown.borrow_mut().take().flatten() {
                    let _ = web_sys::Url::revoke_object_url(&address);
                }
            }
        });
    }
    (*fetched).clone()
}
