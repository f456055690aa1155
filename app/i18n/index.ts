import { useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext, useMemo } from "react";
import type { MessageKey } from "./keys";

/*
 * The browser's side of the catalogue (ADR 029). This module carries no strings: a page's are
 * sent by the root loader (delivery.ts says which), and useT() reads them. The whole catalogue,
 * and translator(locale) over it, are server-only (catalogues.server.ts).
 */

export type { MessageKey } from "./keys";

export type Locale = "zh-CN" | "en";
export const LOCALES: Locale[] = ["zh-CN", "en"];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALE_COOKIE = "lang";

export type MessageParams = Record<string, string | number>;

/** Strings by key, in one language: a page's share of the catalogue, or all of it. */
export type Messages = Partial<Record<MessageKey, string>>;

/**
 * Only catalogue keys: a key that does not exist, or is misspelt, does not compile. `has` says
 * whether a string known only at run time has a text here (see tKnown).
 */
export type Translate = ((key: MessageKey, params?: MessageParams) => string) & { has: (code: string) => boolean };

export function isLocale(v: unknown): v is Locale {
  return v === "zh-CN" || v === "en";
}

/** A key the page was not sent: the set in delivery.ts lacks it. */
export class UndeliveredMessageError extends Error {
  constructor(key: string, pageSet: string) {
    super(`The catalogue key "${key}" was not sent to this page (message set "${pageSet}"): add it, or its prefix, to the set in app/i18n/delivery.ts`);
    this.name = "UndeliveredMessageError";
  }
}

const reported = new Set<string>();

/**
 * Translator over some strings. A key that is not among them is never silent: strict (tests and
 * development) throws; otherwise the page shows the key itself, and the console says which.
 * `knows` (the server render, strict only) tells a real key that was not sent from a code that is
 * no key at all, so that tKnown does not hide a missing string behind its fallback.
 */
export function translatorOver(messages: Messages, opts: { strict: boolean; pageSet: string; knows?: (code: string) => boolean }): Translate {
  const table = messages as Record<string, string>;
  const t = (key: MessageKey, params?: MessageParams) => {
    let text = Object.hasOwn(table, key) ? table[key]! : undelivered(key, opts);
    if (params) for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };
  const has = (code: string) => Object.hasOwn(table, code) || (opts.strict && (opts.knows?.(code) ?? false));
  return Object.assign(t, { has });
}

function undelivered(key: string, opts: { strict: boolean; pageSet: string }): string {
  const error = new UndeliveredMessageError(key, opts.pageSet);
  if (opts.strict) throw error;
  if (!reported.has(key)) {
    reported.add(key);
    console.error(error.message);
  }
  return key;
}

/**
 * The text of a key that only exists at run time — an error code carried by a form reply, a state
 * or reason read from the database — where the compiler cannot check it: its message when the
 * catalogue has it, else the fallback's, so a reader never sees a raw key.
 */
export function tKnown(t: Translate, code: string, params?: MessageParams, fallback: MessageKey = "errors.generic"): string {
  return t(t.has(code) ? (code as MessageKey) : fallback, params);
}

/** The locale chosen by the language switch (a cookie), else the default. */
export function localeFromRequest(request: Request): Locale {
  const cookie = request.headers.get("cookie") ?? "";
  const m = /(?:^|;\s*)lang=([^;]+)/.exec(cookie);
  const v = m?.[1] ? decodeURIComponent(m[1]) : undefined;
  return isLocale(v) ? v : DEFAULT_LOCALE;
}

/**
 * The reader's locale where the root loader did not run — a URL outside every route is answered
 * by the root's error boundary without loaders: the request's (entry.server.tsx), and in the
 * browser the document's lang, which the server rendered from it (entry.client.tsx).
 */
export const RequestLocaleContext = createContext<Locale>(DEFAULT_LOCALE);

/** What the root loader sends for the catalogue (app/root.tsx). */
export type DeliveredMessages = { set: string; messages: Messages; strict: boolean };

/**
 * Strings for a page the root loader did not run for (the root error boundary): on the server
 * from the whole catalogue (entry.server.tsx), in the browser from the copy the server wrote into
 * that page (root.tsx FallbackMessagesScript, read by entry.client.tsx). `other` has the body
 * refusals in the other language, said in both when the reader's language is not known for sure.
 */
export type FallbackMessages = { messages: Messages; other: Messages; strict: boolean };

export type DocumentMessages = {
  fallback: FallbackMessages | null;
  /** The server render only: whether a string is any catalogue key (see translatorOver). */
  knows?: (code: string) => boolean;
};

/** The element of such a page that carries them. */
export const FALLBACK_MESSAGES_ID = "canary-fallback-messages";

export const DocumentMessagesContext = createContext<DocumentMessages>({ fallback: null });

type RootData = { locale?: Locale; i18n?: DeliveredMessages } | undefined;

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as RootData;
  const requested = useContext(RequestLocaleContext);
  return data?.locale ?? requested;
}

/** The translator of the page's own strings (or of the fallback, where the root loader did not run). */
export function useT(): Translate {
  const data = useRouteLoaderData("root") as RootData;
  const doc = useContext(DocumentMessagesContext);
  const delivered = data?.i18n;
  return useMemo(() => {
    if (delivered) return translatorOver(delivered.messages, { strict: delivered.strict, pageSet: delivered.set, knows: doc.knows });
    const fallback = doc.fallback;
    return translatorOver(fallback?.messages ?? {}, { strict: fallback?.strict ?? false, pageSet: "(no root loader)", knows: doc.knows });
  }, [delivered, doc]);
}

/** Picks the name in the reader's language from a row with nameZh/nameEn. */
export function localName(locale: Locale, row: { nameZh: string; nameEn: string }): string {
  return locale === "en" ? row.nameEn : row.nameZh;
}
