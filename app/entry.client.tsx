import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { DEFAULT_LOCALE, isLocale, RequestLocaleContext } from "./i18n";

// The language the server rendered the document in (see RequestLocaleContext).
const lang = document.documentElement.lang;

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RequestLocaleContext.Provider value={isLocale(lang) ? lang : DEFAULT_LOCALE}>
        <RemixBrowser />
      </RequestLocaleContext.Provider>
    </StrictMode>,
  );
});
