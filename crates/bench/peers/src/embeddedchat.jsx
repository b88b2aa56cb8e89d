// The smallest useful EmbeddedChat app: one Rocket.Chat room.
import { createRoot } from "react-dom/client";
import { EmbeddedChat } from "@embeddedchat/react";

createRoot(document.getElementById("root")).render(<EmbeddedChat host="http://127.0.0.1:3000" roomId="GENERAL" />);
