//! The signed-in layout: the room list beside the open room.

use yew::prelude::*;

use super::connection_banner::ConnectionBanner;
use super::new_room::NewRoom;
use super::room_list::RoomList;
use super::room_view::RoomView;
use super::thread_panel::ThreadPanel;
use super::{use_chat_state, use_client};
use crate::state::Connection;

#[function_component(ChatLayout)]
pub fn chat_layout() -> Html {
    let state = use_chat_state();
    let client = use_client();
    let logout = {
        let client = client.clone();
        Callback::from(move |_: MouseEvent| client.logout())
    };
    html! {
        <div class="chat-layout" data-connection={connection_name(&state.connection)}>
            <aside class="sidebar">
                <header class="sidebar-header">
                    <span class="me">{ client.me().display_name().to_owned() }</span>
                    <button type="button" class="sign-out" onclick={logout}>{ "Sign out" }</button>
                </header>
                <ConnectionBanner />
                if let Some(notice) = state.notice.clone() {
                    <div class="notice" role="alert">
                        <span>{ notice }</span>
                        <button type="button" aria-label="Dismiss" onclick={
                            let client = client.clone();
                            Callback::from(move |_| client.dismiss_notice())
                        }>{ "×" }</button>
                    </div>
                }
                <NewRoom />
                <RoomList />
            </aside>
            <main class="room-pane">
                if let Some(rid) = state.open_room.clone() {
                    <RoomView {rid} />
                } else {
                    <div class="empty-state"><p>{ "Choose a room to start chatting." }</p></div>
                }
            </main>
            if state.thread.as_ref().is_some_and(|t| state.open_room.as_deref() == Some(t.rid.as_str())) {
                <ThreadPanel />
            }
        </div>
    }
}

fn connection_name(connection: &Connection) -> &'static str {
    match connection {
        Connection::Connecting => "connecting",
        Connection::Online => "online",
        Connection::Reconnecting { .. } => "reconnecting",
    }
}
