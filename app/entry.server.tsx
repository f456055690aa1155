import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "./components/nonce";
import { PageStylesContext } from "./components/page-styles";
import { DocumentMessagesContext, localeFromRequest, RequestLocaleContext, type DocumentMessages } from "./i18n";
import { fallbackMessages, isMessageKey } from "./i18n/catalogues.server";
import { contentSecurityPolicy } from "./lib/csp";
import { env } from "./lib/env.server";
import { pageStyles } from "./lib/page-styles.server";

const ABORT_DELAY = 5_000;

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  const nonce = randomBytes(16).toString("base64");
  const hcaptcha = env().hcaptcha;
  responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce, hcaptcha ? { scriptUrl: hcaptcha.scriptUrl } : null));
  if (!responseHeaders.has("Cache-Control")) responseHeaders.set("Cache-Control", "no-store");
  const locale = localeFromRequest(request);
  // The page's strings come from the root loader; these serve where it did not run, and let a
  // strict render tell a key that was not sent from a code that is no key (app/i18n/index.ts).
  const strict = !env().production;
  const messages: DocumentMessages = { fallback: fallbackMessages(locale, strict), knows: strict ? isMessageKey : undefined };
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <PageStylesContext.Provider value={pageStyles()}>
          <RequestLocaleContext.Provider value={locale}>
            <DocumentMessagesContext.Provider value={messages}>
              <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
            </DocumentMessagesContext.Provider>
          </RequestLocaleContext.Provider>
        </PageStylesContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        // No streamed (deferred) data here: one complete document is cheaper than a stream of chunks.
        onAllReady() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Hooks for the launcher (scripts/server.ts): the routes use the database pool bundled into the
 * build, so closing and periodic ledger anchoring go through the same module instance.
 */
export { closeDb as closeDatabase } from "./lib/db.server";
/** The anchor timer: the daily anchor once the local day has changed, then staff-only movement. */
export async function anchorLedgerNow(): Promise<number> {
  const [ledger, { db }] = await Promise.all([import("./lib/ledger.server"), import("./lib/db.server")]);
  return ledger.anchorLedgerNow(db());
}
