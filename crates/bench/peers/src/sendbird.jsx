// The smallest useful Sendbird UIKit app: its ready-made App (channel list, channel, composer).
import { createRoot } from "react-dom/client";
import SendbirdApp from "@sendbird/uikit-react/App";
import "@sendbird/uikit-react/dist/index.css";

createRoot(document.getElementById("root")).render(<SendbirdApp appId="APP_ID" userId="user" />);
