import { Form, useActionData } from "@remix-run/react";
import { useT } from "~/i18n";
import { CsrfInput, formProps, FormErrors, useFormFor } from "./form-kit";
import { ReceiptCard } from "./receipt-card";

/** The answer that carries a new receipt (app/routes/status.tsx): shown once, on this page only. */
export function replacedReceipt(d: unknown): { receipt: string; reference: string } | null {
  if (typeof d !== "object" || d === null || !("receipt" in d) || !("reference" in d)) return null;
  return typeof d.receipt === "string" && typeof d.reference === "string" ? { receipt: d.receipt, reference: d.reference } : null;
}

/** The new receipt after a replacement, at the top of the page. */
export function StatusNewReceipt() {
  const t = useT();
  const replaced = replacedReceipt(useActionData());
  if (!replaced) return null;
  return (
    <section className="notice">
      <p>{t("status.replace.done")}</p>
      <ReceiptCard receipt={replaced.receipt} reference={replaced.reference} />
    </section>
  );
}

/** Replacing the receipt (when someone else may have seen it) and signing out. */
export function StatusAccount({ csrf }: { csrf: string }) {
  const t = useT();
  const actionData = useActionData();
  const [replace] = useFormFor("replace-receipt", actionData);
  const [signOut] = useFormFor("sign-out", actionData);
  return (
    <>
      <section className="card">
        <h2>{t("status.replace.title")}</h2>
        <p>{t("status.replace.body")}</p>
        <Form method="post" {...formProps(replace)}>
          <input type="hidden" name="intent" value="replace-receipt" />
          <CsrfInput value={csrf} />
          <FormErrors form={replace} />
          <button type="submit" className="button">
            {t("status.replace.button")}
          </button>
        </Form>
      </section>

      {/* A full page load: the signed-out page starts from nothing held in the browser. */}
      <Form method="post" reloadDocument id={signOut.id}>
        <input type="hidden" name="intent" value="sign-out" />
        <CsrfInput value={csrf} />
        <FormErrors form={signOut} />
        <button type="submit" className="button secondary">
          {t("status.signout")}
        </button>
      </Form>
    </>
  );
}
