import { clientMessagesText } from "./client-messages";
import { messagesPanelText } from "./messages-panel";

// The freelancer's side of the discussion panel, on the project page: the panel's texts
// (./messages-panel.ts) with the validation messages and toasts, which are the client's Polish ones.
export const messagesText: typeof clientMessagesText = {
  ...clientMessagesText,
  ...messagesPanelText,
};
