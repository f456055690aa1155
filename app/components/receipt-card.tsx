import { Form } from "@remix-run/react";
import { formatReceipt } from "~/domain/receipt";
import { useT } from "~/i18n";

/**
 * The receipt, shown once, with a download as a small text file and a warning; for a new tip,
 * the date to check back by (the desk's deadline to accept, a local date).
 */
export function ReceiptCard({ receipt, reference, dueOn }: { receipt: string; reference: string; dueOn?: string | null }) {
  const t = useT();
  return (
    <div className="receipt-card">
      <p className="receipt-label">{t("receipt.label")}</p>
      <p className="receipt" data-testid="receipt" aria-label={t("receipt.label")}>
        {formatReceipt(receipt)}
      </p>
      <p className="warning">{t("receipt.warning")}</p>
      {dueOn ? <p data-testid="check-back">{t("news.status.checkBack.accept", { date: dueOn })}</p> : null}
      <Form method="post" action="/receipt.txt" reloadDocument>
        <input type="hidden" name="receipt" value={receipt} />
        <input type="hidden" name="reference" value={reference} />
        <button type="submit" className="button">
          {t("receipt.download")}
        </button>
      </Form>
    </div>
  );
}
