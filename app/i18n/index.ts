import { useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext } from "react";
import { adminEn } from "./admin.en";
import { adminZhCN } from "./admin.zh-CN";
import { authEn } from "./auth.en";
import { caseEn } from "./case.en";
import { caseZhCN } from "./case.zh-CN";
import { coiEn } from "./coi.en";
import { coiZhCN } from "./coi.zh-CN";
import { newsEn } from "./news.en";
import { newsZhCN } from "./news.zh-CN";
import { supervisionEn } from "./supervision.en";
import { supervisionZhCN } from "./supervision.zh-CN";
import { authZhCN } from "./auth.zh-CN";
import { en } from "./en";
import { outcomesEn } from "./outcomes.en";
import { outcomesZhCN } from "./outcomes.zh-CN";
import { rewardsEn } from "./rewards.en";
import { rewardsZhCN } from "./rewards.zh-CN";
import { staffEn } from "./staff.en";
import { staffZhCN } from "./staff.zh-CN";
import { statsEn } from "./stats.en";
import { statsZhCN } from "./stats.zh-CN";
import { zhCN } from "./zh-CN";
import { hotlineEn } from "./hotline.en";
import { hotlineZhCN } from "./hotline.zh-CN";
import { errorsEn } from "./errors.en";
import { errorsZhCN } from "./errors.zh-CN";
import { classifierEn } from "./classifier.en";
import { classifierZhCN } from "./classifier.zh-CN";
import { mergeEn } from "./merge.en";
import { mergeZhCN } from "./merge.zh-CN";
import { jointEn } from "./joint.en";
import { jointZhCN } from "./joint.zh-CN";
import { queueEn } from "./queue.en";
import { queueZhCN } from "./queue.zh-CN";
import { timesEn } from "./times.en";
import { timesZhCN } from "./times.zh-CN";

/**
 * Catalogs by area (public pages, staff sign-in, staff case work, administration), merged.
 * Each English part is typed by its Chinese part, so a missing translation does not compile.
 */
const zhAll = { ...zhCN, ...authZhCN, ...staffZhCN, ...adminZhCN, ...caseZhCN, ...supervisionZhCN, ...rewardsZhCN, ...outcomesZhCN, ...statsZhCN, ...coiZhCN, ...hotlineZhCN, ...classifierZhCN, ...mergeZhCN, ...jointZhCN, ...newsZhCN, ...queueZhCN, ...timesZhCN, ...errorsZhCN };
export type MessageKey = keyof typeof zhAll;
const enAll: Record<MessageKey, string> = { ...en, ...authEn, ...staffEn, ...adminEn, ...caseEn, ...supervisionEn, ...rewardsEn, ...outcomesEn, ...statsEn, ...coiEn, ...hotlineEn, ...classifierEn, ...mergeEn, ...jointEn, ...newsEn, ...queueEn, ...timesEn, ...errorsEn };

export type Locale = "zh-CN" | "en";
export const LOCALES: Locale[] = ["zh-CN", "en"];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALE_COOKIE = "lang";

const catalogs: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhAll, en: enAll };

export const CATALOGS = catalogs;

export type MessageParams = Record<string, string | number>;

/** Only catalogue keys: a key that does not exist, or is misspelt, does not compile. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isLocale(v: unknown): v is Locale {
  return v === "zh-CN" || v === "en";
}

/** Translator for a locale. */
export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, params) => {
    let text = (catalog as Record<string, string>)[key] ?? key;
    if (params) for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };
}

/** Whether a string is a catalogue key (both catalogues have the same keys, catalog.test.ts). */
export function isMessageKey(s: string): s is MessageKey {
  return Object.hasOwn(zhAll, s);
}

/**
 * The text of a key that only exists at run time — an error code carried by a form reply, a state
 * or reason read from the database — where the compiler cannot check it: its message when the
 * catalogue has it, else the fallback's, so a reader never sees a raw key.
 */
export function tKnown(t: Translate, code: string, params?: MessageParams, fallback: MessageKey = "errors.generic"): string {
  return t(isMessageKey(code) ? code : fallback, params);
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

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  const requested = useContext(RequestLocaleContext);
  return data?.locale ?? requested;
}

export function useT(): Translate {
  return translator(useLocale());
}

/** Picks the name in the reader's language from a row with nameZh/nameEn. */
export function localName(locale: Locale, row: { nameZh: string; nameEn: string }): string {
  return locale === "en" ? row.nameEn : row.nameZh;
}
