import { adminEn } from "./admin.en";
import { adminZhCN } from "./admin.zh-CN";
import { authEn } from "./auth.en";
import { authZhCN } from "./auth.zh-CN";
import { caseEn } from "./case.en";
import { caseZhCN } from "./case.zh-CN";
import { classifierEn } from "./classifier.en";
import { classifierZhCN } from "./classifier.zh-CN";
import { coiEn } from "./coi.en";
import { coiZhCN } from "./coi.zh-CN";
import { MESSAGE_SETS, setCarries, type MessageSet } from "./delivery";
import { en } from "./en";
import { errorsEn } from "./errors.en";
import { errorsZhCN } from "./errors.zh-CN";
import { hotlineEn } from "./hotline.en";
import { hotlineZhCN } from "./hotline.zh-CN";
import { translatorOver, type FallbackMessages, type Locale, type Messages, type Translate } from "./index";
import { jointEn } from "./joint.en";
import { assignEn } from "./assign.en";
import { assignZhCN } from "./assign.zh-CN";
import { jointZhCN } from "./joint.zh-CN";
import type { MessageKey } from "./keys";
import { mergeEn } from "./merge.en";
import { mergeZhCN } from "./merge.zh-CN";
import { newsEn } from "./news.en";
import { newsZhCN } from "./news.zh-CN";
import { noticesEn } from "./notices.en";
import { noticesZhCN } from "./notices.zh-CN";
import { outcomesEn } from "./outcomes.en";
import { outcomesZhCN } from "./outcomes.zh-CN";
import { queueEn } from "./queue.en";
import { rectificationEn } from "./rectification.en";
import { rectificationZhCN } from "./rectification.zh-CN";
import { queueZhCN } from "./queue.zh-CN";
import { rewardsEn } from "./rewards.en";
import { rewardsZhCN } from "./rewards.zh-CN";
import { staffEn } from "./staff.en";
import { staffZhCN } from "./staff.zh-CN";
import { statsEn } from "./stats.en";
import { statsZhCN } from "./stats.zh-CN";
import { supervisionEn } from "./supervision.en";
import { supervisionZhCN } from "./supervision.zh-CN";
import { timesEn } from "./times.en";
import { timesZhCN } from "./times.zh-CN";
import { zhCN } from "./zh-CN";

/**
 * The whole catalogue, for the server only (ADR 029): services, e-mails, loaders and actions, CSV
 * and the pages' server render. The browser receives only its page's strings (delivery.ts).
 * Each English part is typed by its Chinese part, so a missing translation does not compile.
 */
const zhAll = { ...zhCN, ...authZhCN, ...staffZhCN, ...adminZhCN, ...caseZhCN, ...supervisionZhCN, ...rewardsZhCN, ...outcomesZhCN, ...statsZhCN, ...coiZhCN, ...hotlineZhCN, ...classifierZhCN, ...mergeZhCN, ...jointZhCN, ...assignZhCN, ...newsZhCN, ...queueZhCN, ...timesZhCN, ...errorsZhCN, ...rectificationZhCN, ...noticesZhCN };
const enAll: Record<MessageKey, string> = { ...en, ...authEn, ...staffEn, ...adminEn, ...caseEn, ...supervisionEn, ...rewardsEn, ...outcomesEn, ...statsEn, ...coiEn, ...hotlineEn, ...classifierEn, ...mergeEn, ...jointEn, ...assignEn, ...newsEn, ...queueEn, ...timesEn, ...errorsEn, ...rectificationEn, ...noticesEn };

// keys.ts names the same catalogues as types: a catalogue merged here but not there (or there
// but not here) does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameKeys: Same<keyof typeof zhAll, MessageKey> = true;
void sameKeys;

export const CATALOGS: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhAll, en: enAll };

/** Translator over the whole catalogue of a locale. */
export function translator(locale: Locale): Translate {
  return translatorOver(CATALOGS[locale], { strict: false, pageSet: "(server)" });
}

/** Whether a string is a catalogue key (both catalogues have the same keys, catalog.test.ts). */
export function isMessageKey(s: string): s is MessageKey {
  return Object.hasOwn(zhAll, s);
}

const delivered = new Map<string, Messages>();

/** The strings of a set in one language, as the root loader sends them (computed once each). */
export function messagesFor(locale: Locale, set: MessageSet): Messages {
  const id = `${locale}:${set}`;
  let messages = delivered.get(id);
  if (!messages) {
    messages = Object.fromEntries(Object.entries(CATALOGS[locale]).filter(([key]) => setCarries(set, key)));
    delivered.set(id, messages);
  }
  return messages;
}

/** The set names, for tests that walk them. */
export const MESSAGE_SET_NAMES = Object.keys(MESSAGE_SETS) as MessageSet[];

/**
 * The strings of a page the root loader did not run for (root.tsx ErrorBoundary): the shell and
 * the public refusals in the reader's language, and the body refusals in the other one.
 */
export function fallbackMessages(locale: Locale, strict: boolean): FallbackMessages {
  const other: Locale = locale === "en" ? "zh-CN" : "en";
  const bodyRefusals = Object.fromEntries(Object.entries(CATALOGS[other]).filter(([key]) => key.startsWith("errors.body.")));
  return { messages: messagesFor(locale, "public"), other: bodyRefusals, strict };
}
