// The smallest useful stream-chat-react app: a channel list beside a channel with its messages
// and composer (MessageInput is named MessageComposer since stream-chat-react 14).
import { createRoot } from "react-dom/client";
import { StreamChat } from "stream-chat";
import { Channel, ChannelList, Chat, MessageComposer, MessageList, Window } from "stream-chat-react";
import "stream-chat-react/dist/css/index.css";

const client = StreamChat.getInstance("api-key");

function App() {
  return (
    <Chat client={client}>
      <ChannelList />
      <Channel>
        <Window>
          <MessageList />
          <MessageComposer />
        </Window>
      </Channel>
    </Chat>
  );
}

createRoot(document.getElementById("root")).render(<App />);
