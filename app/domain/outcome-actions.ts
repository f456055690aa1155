/**
 * What a published outcome says was done, in order of weight as a reader scans it: only the
 * measures taken (a "no" is not a measure, issue 14), each with what it needs to be written.
 * Shared by /outcomes and its Atom feed, so both read the same way.
 */
export type OutcomeActionRecord = {
  rectificationOrdered: boolean;
  rectificationDueOn: string | null;
  fineCny: number | null;
  suspension: boolean;
  closure: boolean;
  criminalReferral: boolean;
  officialsHeldAccountable: number;
  admonitoryTalk: boolean;
};

export type OutcomeAction =
  | { kind: "rectification"; dueOn: string | null }
  | { kind: "fine"; amountCny: number }
  | { kind: "suspension" }
  | { kind: "closure" }
  | { kind: "criminal_referral" }
  | { kind: "officials"; n: number }
  | { kind: "admonitory_talk" };

export function actionsTaken(a: OutcomeActionRecord): OutcomeAction[] {
  const taken: (OutcomeAction | false)[] = [
    a.rectificationOrdered && { kind: "rectification", dueOn: a.rectificationDueOn },
    // A fine of 0 yuan is no fine.
    a.fineCny !== null && a.fineCny > 0 && { kind: "fine", amountCny: a.fineCny },
    a.suspension && { kind: "suspension" },
    a.closure && { kind: "closure" },
    a.criminalReferral && { kind: "criminal_referral" },
    a.officialsHeldAccountable > 0 && { kind: "officials", n: a.officialsHeldAccountable },
    a.admonitoryTalk && { kind: "admonitory_talk" },
  ];
  return taken.filter((x): x is OutcomeAction => x !== false);
}

/** Yuan with thousands separators, no decimals: "50,000" (the unit is the sentence's: "50,000 元", "CNY 50,000"). */
export function formatYuan(amount: number): string {
  return new Intl.NumberFormat("en", { maximumFractionDigits: 0 }).format(amount);
}
