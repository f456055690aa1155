import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Form, isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useLocation, useMatches, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useContext } from "react";
import { useNonce } from "./components/nonce";
import { pageEnhancements, pageScripts } from "./components/page-scripts";
import { PageStyles } from "./components/page-styles";
import { translateError } from "./components/field";
import { refusalMessage } from "./components/route-error-boundary";
import { DocumentMessagesContext, FALLBACK_MESSAGES_ID, localeFromRequest, translatorOver, useLocale, useT, type DeliveredMessages, type FallbackMessages, type Locale } from "./i18n";
import { messagesFor } from "./i18n/catalogues.server";
import { messageSetFor } from "./i18n/delivery";
import { env } from "./lib/env.server";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = localeFromRequest(request);
  // Only the strings of this page, in the reader's language (ADR 029, app/i18n/delivery.ts).
  const set = messageSetFor(new URL(request.url).pathname);
  const i18n: DeliveredMessages = { set, messages: messagesFor(locale, set), strict: !env().production };
  // The zone goes to the browser too, so that times are hydrated as the server rendered them (app/i18n/time.ts).
  return { locale, timeZone: env().timeZone, i18n };
}

/**
 * Nothing in the root's data changes but the strings, and they change only with the set: a
 * navigation to a page of another set fetches the new strings in the same request; an action, or
 * a move within the set, does not send them again. (The language switch reloads the document.)
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl }) => messageSetFor(currentUrl.pathname) !== messageSetFor(nextUrl.pathname);

/**
 * Where the root loader did not run, the strings the server rendered the error page with, for
 * the browser to hydrate it with the same (read by entry.client.tsx). Data, not a script.
 */
function FallbackMessagesScript({ fallback }: { fallback: FallbackMessages }) {
  const json = JSON.stringify(fallback).replace(/</g, "\\u003c");
  return <script type="application/json" id={FALLBACK_MESSAGES_ID} dangerouslySetInnerHTML={{ __html: json }} />;
}

function Shell({ locale, withFallback = false, children }: { locale: Locale; withFallback?: boolean; children: React.ReactNode }) {
  const nonce = useNonce();
  const t = useT();
  const { fallback } = useContext(DocumentMessagesContext);
  const location = useLocation();
  const matches = useMatches();
  const scripts = pageScripts(matches, typeof document !== "undefined");
  const enhancements = pageEnhancements(matches, typeof document !== "undefined");
  const other: Locale = locale === "en" ? "zh-CN" : "en";
  return (
    <html lang={locale === "en" ? "en" : "zh-CN"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <Meta />
        <PageStyles />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("nav.skip")}
        </a>
        <header className="site-header">
          <div className="container header-row">
            <Link to="/" className="brand">
              {t("site.short")}
            </Link>
            <nav aria-label={t("site.short")}>
              <ul className="nav">
                <li>
                  <Link to="/report">{t("nav.report")}</Link>
                </li>
                <li>
                  <Link to="/status">{t("nav.status")}</Link>
                </li>
                <li>
                  <Link to="/stats">{t("nav.stats")}</Link>
                </li>
              </ul>
            </nav>
            <Form method="post" action="/set-language" reloadDocument className="lang-switch">
              <input type="hidden" name="locale" value={other} />
              <input type="hidden" name="back" value={location.pathname + location.search} />
              <button type="submit" title={t("lang.switchLabel")} lang={other === "en" ? "en" : "zh-CN"}>
                {t("lang.switch")}
              </button>
            </Form>
          </div>
        </header>
        <main id="main" className="container">
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            <p>{t("footer.emergency")}</p>
            <p>{t("footer.anonymity")}</p>
          </div>
        </footer>
        {withFallback && fallback ? <FallbackMessagesScript fallback={fallback} /> : null}
        {enhancements.map((src) => (
          <script key={src} nonce={nonce} src={src} defer />
        ))}
        {scripts === "none" ? null : (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} afterFirstPaint={scripts === "after-first-paint"} />
          </>
        )}
      </body>
    </html>
  );
}

export default function App() {
  const { locale } = useLoaderData<typeof loader>();
  return (
    <Shell locale={locale}>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const locale = useLocale();
  const rootLoaded = useRouteLoaderData("root") !== undefined;
  const { fallback } = useContext(DocumentMessagesContext);
  const refused = bodyRefusal(error);
  if (refused) {
    // The root loader may not have run (an action refused the body), so the locale may be the
    // default: the message is given in both languages, the reader's first. (A refusal met after a
    // navigation in the browser knows the reader's language, and has only its strings.)
    const other: Locale = locale === "en" ? "zh-CN" : "en";
    const tOther = fallback ? translatorOver(fallback.other, { strict: fallback.strict, pageSet: "(body refusal)" }) : null;
    return (
      <Shell locale={locale} withFallback>
        <h1>{t(`${refused.key}.title`)}</h1>
        <p role="alert">{t(refused.key, { limit: refused.limit })}</p>
        {tOther ? <p lang={other}>{tOther(refused.key, { limit: refused.limit })}</p> : null}
        <p>
          <Link to="/">{t("nav.home")}</Link>
        </p>
      </Shell>
    );
  }
  // A refusal (no such page, not allowed, expired form…) is no server fault: say which, log nothing.
  const refusedRequest = refusalMessage(error);
  if (!refusedRequest) console.error(error);
  return (
    <Shell locale={locale} withFallback={!rootLoaded}>
      <h1>{t("errors.title")}</h1>
      <p>{refusedRequest ? translateError(t, refusedRequest.message) : t("errors.generic")}</p>
      <p>
        <Link to="/">{t("nav.home")}</Link>
      </p>
    </Shell>
  );
}

/** A body refused by app/lib/request-body.server (413 or 400), as the error boundary receives it. */
function bodyRefusal(error: unknown): { key: "errors.body.tooLarge" | "errors.body.malformed"; limit: string } | null {
  if (!isRouteErrorResponse(error)) return null;
  const data = (typeof error.data === "object" && error.data ? error.data : {}) as { bodyRefused?: unknown; limit?: unknown };
  if (error.status === 413 && data.bodyRefused === "too_large") return { key: "errors.body.tooLarge", limit: String(data.limit ?? "") };
  if (error.status === 400 && data.bodyRefused === "malformed") return { key: "errors.body.malformed", limit: "" };
  return null;
}
