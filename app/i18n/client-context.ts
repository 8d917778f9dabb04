import { createContext, useContext } from "react";
import type { ClientText } from "./client";

// The React context of the client's language, kept apart from the texts in app/i18n/client.ts.
// Components shared by the freelancer's and the client's pages (files, discussion, fix requests)
// import only this module, so the freelancer's pages do not download the client texts.

const ClientTextContext = createContext<ClientText | null>(null);

/** Provides the project's client language to the components of the client page. */
export const ClientTextProvider = ClientTextContext.Provider;

/**
 * Returns the texts of the project's client language. Throws when no ClientTextProvider is above
 * the component, because every client-link page provides one from its loader's locale.
 */
/** Returns the client texts of the page, or null outside a ClientTextProvider (an error page). */
export function useOptionalClientText(): ClientText | null {
  return useContext(ClientTextContext);
}

export function useClientText(): ClientText {
  const text = useContext(ClientTextContext);
  if (!text) throw new Error("useClientText() was called outside a ClientTextProvider; wrap the client page in <ClientTextProvider value={clientText(locale)}>.");
  return text;
}
