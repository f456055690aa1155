import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { DEFAULT_LOCALE, DocumentMessagesContext, FALLBACK_MESSAGES_ID, isLocale, RequestLocaleContext, type DocumentMessages, type FallbackMessages } from "./i18n";

// The language the server rendered the document in (see RequestLocaleContext).
const lang = document.documentElement.lang;

// An error page the root loader did not run for carries the strings it was rendered with (root.tsx).
const fallbackJson = document.getElementById(FALLBACK_MESSAGES_ID)?.textContent;
const messages: DocumentMessages = { fallback: fallbackJson ? (JSON.parse(fallbackJson) as FallbackMessages) : null };

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RequestLocaleContext.Provider value={isLocale(lang) ? lang : DEFAULT_LOCALE}>
        <DocumentMessagesContext.Provider value={messages}>
          <RemixBrowser />
        </DocumentMessagesContext.Provider>
      </RequestLocaleContext.Provider>
    </StrictMode>,
  );
});
