import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { NonceContext } from "./components/nonce";
import { PAGE_STYLES_ID, PageStylesContext } from "./components/page-styles";
import { hydrateRoot } from "react-dom/client";
import { DEFAULT_LOCALE, DocumentMessagesContext, FALLBACK_MESSAGES_ID, isLocale, RequestLocaleContext, type DocumentMessages, type FallbackMessages } from "./i18n";

// The language the server rendered the document in (see RequestLocaleContext).
const lang = document.documentElement.lang;

// An error page the root loader did not run for carries the strings it was rendered with (root.tsx).
const fallbackJson = document.getElementById(FALLBACK_MESSAGES_ID)?.textContent;
const messages: DocumentMessages = {
  fallback: fallbackJson ? (JSON.parse(fallbackJson) as FallbackMessages) : null,
};

// The styles the server inlined: hydrated as they are (app/components/page-styles.tsx).
const styles = document.getElementById(PAGE_STYLES_ID)?.textContent ?? "";
// This response's nonce (browsers hide it from the attribute, not from the property): an element
// React creates later carries it — the styles, when a page replaces an error page's document.
const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce ?? "";

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <NonceContext.Provider value={nonce}>
        <PageStylesContext.Provider value={styles}>
          <RequestLocaleContext.Provider value={isLocale(lang) ? lang : DEFAULT_LOCALE}>
            <DocumentMessagesContext.Provider value={messages}>
              <RemixBrowser />
            </DocumentMessagesContext.Provider>
          </RequestLocaleContext.Provider>
        </PageStylesContext.Provider>
      </NonceContext.Provider>
    </StrictMode>
  );
});
