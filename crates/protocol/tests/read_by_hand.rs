//! The app reads wire types with hand-written readers (`confab_protocol::json`), the server with
//! serde's derived decoders. Every fixture, every markup tree the parser makes from the corpus
//! and a tree of every node type must read alike both ways, so the readers cannot drift.

use std::fmt::Debug;

use confab_protocol::ddp::{DdpError, ErrorCode, Frame, LoginResult, StreamFields};
use confab_protocol::json::FromJson;
use confab_protocol::markup::{self, Node, Options, Root};
use confab_protocol::rest::{
    ErrorResponse, HistoryResponse, LoginResponse, LogoutResponse, MeResponse, RoomsResponse, SendMessageResponse,
    SubscriptionsResponse,
};
use confab_protocol::{Message, Timestamp};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

#[track_caller]
fn reads_alike<T: FromJson + DeserializeOwned + PartialEq + Debug>(json: &Value) -> T {
    let derived: T = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("serde reads {json}: {e}"));
    let by_hand = T::from_json(json).unwrap_or_else(|| panic!("the hand reader reads {json}"));
    assert_eq!(by_hand, derived, "{json}");
    by_hand
}

#[track_caller]
fn fixture(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture is JSON")
}

#[test]
fn rest_fixtures_read_alike() {
    reads_alike::<LoginResponse>(&fixture(include_str!("fixtures/login_response.json")));
    reads_alike::<LogoutResponse>(&fixture(include_str!("fixtures/logout_response.json")));
    let me: MeResponse = reads_alike(&fixture(include_str!("fixtures/me_response.json")));
    assert!(me.user.is_admin());
    let rooms: RoomsResponse = reads_alike(&fixture(include_str!("fixtures/rooms_get.json")));
    assert!(rooms.update[0].last_message.is_some());
    reads_alike::<SubscriptionsResponse>(&fixture(include_str!("fixtures/subscriptions_get.json")));
    let history: HistoryResponse = reads_alike(&fixture(include_str!("fixtures/history.json")));
    assert_eq!(history.messages.len(), 3);
    reads_alike::<SendMessageResponse>(&fixture(include_str!("fixtures/send_message_response.json")));
    reads_alike::<ErrorResponse>(&fixture(include_str!("fixtures/error_response.json")));
}

#[test]
fn presence_reads_alike() {
    use confab_protocol::presence::{PresenceResponse, UserStatus};
    let body = json!({"users": [
        {"_id": "u1", "username": "alice", "name": "Alice", "status": "busy", "statusText": "In a call", "utcOffset": 1},
        {"_id": "u2", "username": "bob", "status": "offline"}
    ], "full": true, "success": true});
    let read: PresenceResponse = reads_alike(&body);
    assert_eq!(read.users[0].status, UserStatus::Busy);
    assert_eq!(read.users[1].status_text, "");
}

#[test]
fn a_message_with_every_optional_field_reads_alike_and_round_trips() {
    let json = json!({
        "_id": "m1", "rid": "r1", "msg": "hi @bob", "ts": {"$date": 1_714_558_800_000_i64},
        "u": {"_id": "u1", "username": "alice", "name": "Alice"}, "_updatedAt": "2024-05-01T10:20:00.000Z",
        "tmid": "p1", "tcount": 2, "tlm": "2024-05-01T10:21:00.000Z", "replies": ["u2"], "t": "uj",
        "mentions": [{"_id": "u2", "username": "bob", "name": "Bob", "type": "user"}],
        "reactions": {":tada:": {"usernames": ["bob"]}},
        "md": [{"type": "PARAGRAPH", "value": [{"type": "PLAIN_TEXT", "value": "hi "}]}],
        "editedAt": {"$date": 1_714_558_900_000_i64}, "editedBy": {"_id": "u1", "username": "alice"},
        "unread": true, "groupable": false, "urls": []
    });
    let message: Message = reads_alike(&json);
    assert_eq!(Message::from_json(&serde_json::to_value(&message).unwrap()), Some(message));
}

/// A file message as Rocket.Chat's `rooms.mediaConfirm` stores it, with a quote and a preview.
#[test]
fn files_attachments_and_previews_read_alike_and_round_trip() {
    use confab_protocol::attachment::{Attachment, AttachmentKind, FileProp, MessageUrl};
    let file = json!({"_id": "f1", "name": "cat.png", "type": "image/png", "format": "png", "size": 1234});
    let json = json!({
        "_id": "m1", "rid": "r1", "msg": "", "ts": 1, "u": {"_id": "u1", "username": "alice"}, "_updatedAt": 2,
        "file": file,
        "files": [file, {"_id": "f2", "name": "thumb-cat.png", "type": "image/png", "size": 99, "typeGroup": "thumb"}],
        "attachments": [
            {"type": "file", "title": "cat.png", "title_link": "/file-upload/f1/cat.png", "title_link_download": true,
             "image_url": "/file-upload/f2/thumb-cat.png", "image_type": "image/png", "image_size": 1234,
             "image_dimensions": {"width": 640, "height": 480}, "image_preview": "AAAA", "fileId": "f1",
             "description": "our cat"},
            {"type": "file", "title": "a.mp3", "audio_url": "/file-upload/f3/a.mp3", "audio_type": "audio/mpeg",
             "audio_size": 10},
            {"type": "file", "title": "v.mp4", "video_url": "/file-upload/f4/v.mp4", "video_type": "video/mp4",
             "video_size": 10},
            {"type": "file", "title": "a.pdf", "format": "pdf", "size": 10, "title_link": "/file-upload/f5/a.pdf"},
            {"author_name": "bob", "author_icon": "/avatar/bob", "message_link": "http://x/channel/g?msg=q",
             "text": "hi", "md": [{"type": "PARAGRAPH", "value": [{"type": "PLAIN_TEXT", "value": "hi"}]}],
             "ts": "2024-05-01T10:20:00.000Z"}
        ],
        "urls": [{"url": "https://example.com", "meta": {"ogTitle": "Example"},
                  "headers": {"contentType": "text/html"}}, {"url": "http://x/channel/g?msg=q", "ignoreParse": true}]
    });
    let message: Message = reads_alike(&json);
    assert_eq!(Message::from_json(&serde_json::to_value(&message).unwrap()), Some(message.clone()));
    let attachments = message.attachments.as_ref().and_then(|a| a.read()).expect("attachments read");
    let derived: Vec<Attachment> = serde_json::from_value(json["attachments"].clone()).unwrap();
    assert_eq!(attachments, derived);
    let kinds: Vec<_> = attachments.iter().map(Attachment::kind).collect();
    use AttachmentKind::{Audio, File, Image, Quote, Video};
    assert_eq!(kinds, [Image, Audio, Video, File, Quote]);
    let files: Vec<FileProp> = reads_alike(&json["files"]);
    // The app's build has no `files` (it never reads them); the server's reads them alike.
    #[cfg(not(target_arch = "wasm32"))]
    assert_eq!(message.files.as_ref().and_then(|f| f.read()), Some(files));
    #[cfg(target_arch = "wasm32")]
    assert_eq!(files.len(), 2);
    let urls: Vec<MessageUrl> = reads_alike(&json["urls"]);
    assert_eq!(message.urls.as_ref().and_then(|u| u.read()), Some(urls));
    assert_eq!(message.plain_text(), "cat.png", "a file without words is named by its title");
}

#[test]
fn a_message_without_its_required_fields_does_not_read() {
    for missing in ["_id", "rid", "ts", "u", "_updatedAt"] {
        let mut json = json!({"_id": "m1", "rid": "r1", "ts": 1, "u": {"_id": "u", "username": "a"}, "_updatedAt": 1});
        json.as_object_mut().unwrap().remove(missing);
        assert!(serde_json::from_value::<Message>(json.clone()).is_err(), "{missing}");
        assert_eq!(Message::from_json(&json), None, "{missing}");
    }
}

fn plain(text: &str) -> Node {
    Node::plain(text)
}

/// One node of every type, with and without their optional fields.
fn every_node() -> Root {
    use markup::{Fallback, ImageValue, Label, LinkValue, Rgba, TableValue, TimestampValue};
    let one = || vec![plain("x")];
    vec![
        Node::Paragraph { value: one() },
        Node::Bold { value: one() },
        Node::Italic { value: one() },
        Node::Strike { value: one() },
        Node::Spoiler { value: one() },
        Node::InlineCode { value: Box::new(plain("c")) },
        Node::Code { language: Some("rust".into()), value: vec![Node::CodeLine { value: Box::new(plain("l")) }] },
        Node::Code { language: None, value: vec![] },
        Node::Heading { level: 2, value: one() },
        Node::Quote { value: one() },
        Node::SpoilerBlock { value: one() },
        Node::Link { value: LinkValue { src: Box::new(plain("https://a.io")), label: Label::Many(one()) } },
        Node::Link {
            value: LinkValue { src: Box::new(plain("https://a.io")), label: Label::One(Box::new(plain("a"))) },
        },
        Node::Image { value: ImageValue { src: Box::new(plain("https://a.io/i.png")), label: Box::new(plain("i")) } },
        Node::MentionUser { value: Box::new(plain("bob")) },
        Node::MentionChannel { value: Box::new(plain("general")) },
        Node::Emoji { value: Some(Box::new(plain("smile"))), short_code: Some("smile".into()), unicode: None },
        Node::Emoji { value: None, short_code: None, unicode: Some("😀".into()) },
        Node::BigEmoji { value: vec![Node::Emoji { value: None, short_code: None, unicode: Some("😀".into()) }] },
        Node::Color { value: Rgba { r: 1, g: 2, b: 3, a: 255 } },
        Node::Tasks { value: vec![Node::Task { status: true, value: one() }] },
        Node::OrderedList { value: vec![Node::ListItem { value: one(), number: Some(3) }] },
        Node::UnorderedList { value: vec![Node::ListItem { value: one(), number: None }] },
        Node::LineBreak,
        Node::HorizontalRule { fallback: None },
        Node::HorizontalRule { fallback: Some(Fallback::Range([0, 3])) },
        Node::Katex { value: "x^2".into() },
        Node::InlineKatex { value: "y".into() },
        Node::Timestamp {
            value: TimestampValue { timestamp: "1714557600".into(), format: "t".into() },
            fallback: Some(Fallback::Plain(Box::new(plain("<t:1714557600:t>")))),
        },
        Node::Table {
            value: TableValue {
                header: vec![Node::TableCell { align: Some("left".into()), value: one() }],
                rows: vec![Node::TableRow { value: vec![Node::TableCell { align: None, value: one() }] }],
            },
            fallback: None,
        },
    ]
}

#[test]
fn a_tree_of_every_node_type_reads_alike() {
    let json = serde_json::to_value(every_node()).unwrap();
    let tree: Root = reads_alike(&json);
    assert_eq!(tree, every_node());
}

#[test]
fn the_trees_rocket_chats_parser_made_read_alike() {
    let cases: Vec<Value> = serde_json::from_str(include_str!("fixtures/markup_trees.json")).unwrap();
    for case in &cases {
        reads_alike::<Root>(&case["md"]);
    }
}

#[test]
fn the_tree_of_every_corpus_input_reads_alike() {
    let corpus: Vec<String> = serde_json::from_str(include_str!("fixtures/markup_corpus.json")).unwrap();
    let mut read = 0;
    for input in &corpus {
        if let Some(tree) = markup::parse(input, &Options::confab(1_714_557_600)) {
            reads_alike::<Root>(&serde_json::to_value(&tree).unwrap());
            read += 1;
        }
    }
    assert!(read > 200, "{read} trees");
}

#[test]
fn unknown_and_malformed_nodes_do_not_read() {
    for bad in [
        json!({"type": "SOMETHING_NEW", "value": []}),
        json!({"value": []}),
        json!({"type": "BOLD", "value": "not a list"}),
        json!({"type": "HEADING", "value": []}),
        json!("PARAGRAPH"),
    ] {
        assert!(serde_json::from_value::<Node>(bad.clone()).is_err(), "{bad}");
        assert_eq!(Node::from_json(&bad), None, "{bad}");
    }
}

#[track_caller]
fn frame_reads_alike(frame: Frame) {
    let text = frame.encode();
    assert_eq!(Frame::decode_from_server(&text).as_ref(), Some(&frame), "{text}");
    assert_eq!(Frame::decode(&text).ok().as_ref(), Some(&frame), "{text}");
}

#[test]
fn ddp_fixtures_and_values_read_alike() {
    for line in include_str!("fixtures/ddp_frames.jsonl").lines().filter(|l| !l.trim().is_empty()) {
        // The fixtures hold clients' frames too, which a client never receives.
        if let Some(frame) = Frame::decode_from_server(line) {
            assert_eq!(Frame::decode(line).ok(), Some(frame), "{line}");
        }
    }
    let error = DdpError::new(ErrorCode::Number(403), "Forbidden");
    frame_reads_alike(Frame::Result { id: "1".into(), result: None, error: Some(error) });
    reads_alike::<DdpError>(&serde_json::to_value(DdpError::new(ErrorCode::Text("e".into()), "no")).unwrap());
    reads_alike::<LoginResult>(&json!({"id": "u", "token": "t", "tokenExpires": {"$date": 5}, "type": "resume"}));
    reads_alike::<StreamFields>(&json!({"eventName": "e", "args": [1, {"a": null}]}));
    reads_alike::<StreamFields>(&json!({"eventName": "e"}));
}

#[test]
fn values_written_by_serde_read_back_by_hand() {
    fn round_trips<T: FromJson + Serialize + PartialEq + Debug>(value: &T) {
        let json = serde_json::to_value(value).unwrap();
        assert_eq!(T::from_json(&json).as_ref(), Some(value), "{json}");
    }
    let user = confab_protocol::UserRef { id: "u".into(), username: "a".into(), name: None };
    let message = Message::new("m", "r", "text", user, Timestamp(5));
    round_trips(&message);
    round_trips(&every_node());
}
