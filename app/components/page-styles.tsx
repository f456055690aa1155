import { createContext, useContext } from "react";
import { useNonce } from "./nonce";

/**
 * The site's styles, inlined in the document's head (issue 14): on a weak phone network a linked
 * stylesheet is one more round trip before anything is painted (Lighthouse counted ~0.6 s of
 * render-blocking on /stats for 5 KB of CSS). The server reads them once
 * (app/lib/page-styles.server.ts); the browser hydrates with the text already in the document, so
 * both render the same element. Allowed by the response's nonce (app/lib/csp.ts).
 */
export const PAGE_STYLES_ID = "page-styles";
export const PageStylesContext = createContext<string>("");

export function PageStyles() {
  const nonce = useNonce();
  const css = useContext(PageStylesContext);
  return <style id={PAGE_STYLES_ID} nonce={nonce} dangerouslySetInnerHTML={{ __html: css }} />;
}
