//! The signed-in layout: the room list beside the open room, and the thread beside that. In a
//! narrow space (480 px or less, measured on the app's own box, so a narrow embed counts too)
//! one pane shows at a time: the list, else the room, else the thread, each with a way back.
//! The embedded layout is the room alone (and its thread), without the list.

use yew::prelude::*;

use super::connection_banner::ConnectionBanner;
use super::focus::use_focus_return;
use super::new_room::NewRoom;
use super::room_list::RoomList;
use super::{use_chat_state, use_client};
use crate::app::appearance::{Appearance, Layout};
use crate::i18n::use_texts;
use crate::icons::{Icon, icon};
use crate::slots::{
    NEW_ROOM_FORM, NewRoomFormProps, ROOM_FRAME, ROOM_VIEW, RoomFrameProps, RoomViewProps, SETTINGS, SettingsProps,
    THREAD_PANEL,
};
use crate::state::{Connection, Load};
use confab_protocol::config::{Presentation, RoomView};

#[function_component(ChatView)]
pub fn chat_view() -> Html {
    let state = use_chat_state();
    let client = use_client();
    let texts = use_texts();
    let layout = use_context::<Appearance>().map(|a| a.layout).unwrap_or_default();
    let presentation = use_context::<std::rc::Rc<Presentation>>().unwrap_or_default();
    super::title_badge::use_title_badge(client.owns_page().then(|| super::title_badge::waiting(&state.rooms)));
    let settings_open = use_state(|| false);
    let settings_button = use_node_ref();
    // Closing Settings gives the focus back to the button that opened it.
    use_focus_return(*settings_open, settings_button.clone());
    let logout = {
        let client = client.clone();
        Callback::from(move |_: MouseEvent| client.logout())
    };
    let open_settings = {
        let settings_open = settings_open.clone();
        Callback::from(move |_: MouseEvent| settings_open.set(true))
    };
    let close_settings = {
        let settings_open = settings_open.clone();
        Callback::from(move |()| settings_open.set(false))
    };
    {
        // The room list has come (or failed to): the first screen is up, and what waits for it,
        // the live connection first, may start (for each client this view shows).
        let listed = state.rooms_status != Load::Loading;
        use_effect_with((listed, client.clone()), |(listed, client)| {
            if *listed {
                client.first_screen_shown();
            }
        });
    }
    let thread_open = state.thread.as_ref().is_some_and(|t| state.open_room.as_deref() == Some(t.rid.as_str()));
    let theme = &presentation.theme;
    let embedded = layout == Layout::Embedded;
    let notice = state.notice.as_ref().map(|notice| {
        html! {
            <div class="notice" role="alert">
                <span>{ texts.notice(notice) }</span>
                <button type="button" aria-label={texts.get("notice.dismiss")} title={texts.get("notice.dismiss")} onclick={
                    let client = client.clone();
                    Callback::from(move |_| client.dismiss_notice())
                }>{ icon(Icon::Close) }</button>
            </div>
        }
    });
    // Where the connection line and notices go: atop the room list, or atop the room alone.
    let status = html! { <><ConnectionBanner />{ for notice }</> };
    // The room is the page's main part, unless the app is mounted into a host's page, which has
    // its own: there it is a section of that page.
    let room_pane = html! {
        <section class="room-pane" role={(!embedded).then_some("main")}>
            if let Some(rid) = state.open_room.clone() {
                // The embedded layout is itself what a frame shows: it never frames.
                if let (RoomView::Iframe { room_url }, false) = (&presentation.view, embedded) {
                    { ROOM_FRAME.show(RoomFrameProps { rid: rid.into(), template: AttrValue::from(room_url.clone()) }) }
                } else {
                    { ROOM_VIEW.show(RoomViewProps { rid: rid.into() }) }
                }
            } else {
                <div class="empty-state"><h1>{ texts.get("layout.chooseRoom") }</h1></div>
            }
            // The thread is beside the room, in the page's main part with it: on a phone it
            // is all that part shows.
            if thread_open {
                { THREAD_PANEL.show(()) }
            }
        </section>
    };
    let classes = classes!(
        "chat-layout",
        embedded.then_some("embedded"),
        state.open_room.is_some().then_some("room-open"),
        thread_open.then_some("thread-open")
    );
    html! {
        <div class={classes} data-connection={connection_name(&state.connection)}>
            if embedded {
                <div class="embedded-pane">{ status }{ room_pane }</div>
            } else {
                <aside class="sidebar">
                    if theme.logo_url.is_some() || theme.title.is_some() {
                        <div class="brand">
                            if let Some(logo) = theme.logo_url.clone() {
                                <img class="brand-logo" src={logo} alt={theme.title.clone().unwrap_or_default()} />
                            }
                            if let Some(title) = theme.title.clone() {
                                <span class="brand-title" aria-hidden={theme.logo_url.is_some().then_some("true")}>{ title }</span>
                            }
                        </div>
                    }
                    <header class="sidebar-header">
                        <span class="me">{ client.me().display_name().to_owned() }</span>
                        <button type="button" class="open-settings" ref={settings_button} aria-label={texts.get("settings.open")}
                                title={texts.get("settings.open")} aria-haspopup="dialog" onclick={open_settings}>{ icon(Icon::Gear) }</button>
                        <button type="button" class="sign-out" onclick={logout}>{ texts.get("layout.signOut") }</button>
                    </header>
                    { status }
                    <NewRoom />
                    <RoomList />
                    // The support team's section, under the list: when its part arrives the
                    // rooms above it stay where they are.
                    if client.serves_visitors() {
                        { NEW_ROOM_FORM.show(NewRoomFormProps { kind: None, support: true, on_done: Callback::noop() }) }
                    }
                </aside>
                { room_pane }
            }
            if *settings_open {
                { SETTINGS.show(SettingsProps { on_close: close_settings }) }
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
