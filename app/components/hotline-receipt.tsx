import { Link } from "@remix-run/react";
import { SLIP_CHANNELS, type HotlineChannel } from "~/domain/channels";
import { formatReceipt } from "~/domain/receipt";
import { readAloudGroups } from "~/domain/receipt-reading";
import { useLocale, useT } from "~/i18n";
import { useHydrated } from "./use-hydrated";

/**
 * The operator's one view of a recorded tip's receipt: grouped for reading aloud over the phone
 * (each group of four on its own line, large, with the words to say), and a slip to print for a
 * letter or a visit (print CSS prints the slip alone). Nothing here can be loaded again.
 */
export function HotlineReceipt(props: {
  reference: string;
  receipt: string | null;
  repeated: boolean;
  submittedOn: string;
  dueOn: string | null;
  channel: HotlineChannel;
  statusUrl: string;
}) {
  const t = useT();
  const locale = useLocale();
  const hydrated = useHydrated();
  const channel = t(`channel.${props.channel}`);
  return (
    <section className="filed hotline-filed" aria-live="polite">
      <h1>{t("hotline.receipt.title")}</h1>
      {props.receipt ? (
        <>
          {props.repeated ? <p className="notice">{t("receipt.repeated")}</p> : null}
          <p>{t("hotline.receipt.lead", { reference: props.reference, channel })}</p>
          <p className="warning">{t("hotline.receipt.readAloud")}</p>
          <ol className="read-aloud" data-testid="read-aloud" aria-label={t("receipt.label")}>
            {readAloudGroups(props.receipt, locale).map((g, i) => (
              <li key={i}>
                <span className="visually-hidden">{t("hotline.receipt.group", { n: i + 1 })}</span>
                <span className="read-aloud-digits">{g.digits}</span>
                <span className="read-aloud-spoken">
                  {t("hotline.receipt.spoken")} {g.spoken}
                </span>
              </li>
            ))}
          </ol>
          <p>{t("hotline.receipt.statusHint", { url: props.statusUrl })}</p>

          <h2>{t("hotline.slip.title")}</h2>
          <p>{t("hotline.slip.forPaper")}</p>
          <p className="no-print">
            {hydrated ? (
              <button type="button" className="button" onClick={() => window.print()}>
                {t("hotline.slip.print")}
              </button>
            ) : null}{" "}
            <span className="hint">{t("hotline.slip.printHint")}</span>
          </p>
          <div className={SLIP_CHANNELS.includes(props.channel) ? "receipt-slip for-paper" : "receipt-slip"} data-testid="receipt-slip">
            <p className="slip-heading">{t("hotline.slip.heading")}</p>
            <dl>
              <dt>{t("hotline.slip.reference")}</dt>
              <dd className="slip-reference">{props.reference}</dd>
              <dt>{t("hotline.slip.receipt")}</dt>
              <dd className="receipt">{formatReceipt(props.receipt)}</dd>
              <dt>{t("hotline.slip.filedOn")}</dt>
              <dd>{props.submittedOn}</dd>
            </dl>
            <p>{t("hotline.slip.howTo", { url: props.statusUrl })}</p>
            <p>{t("hotline.slip.keep")}</p>
          </div>
        </>
      ) : (
        <p className="notice">{t("receipt.replacedSinceFiled", { reference: props.reference })}</p>
      )}
      {props.dueOn ? <p>{t("receipt.next", { dueOn: props.dueOn })}</p> : null}
      <p className="no-print">
        <Link className="button" to="/staff/hotline/new" reloadDocument>
          {t("hotline.receipt.another")}
        </Link>
      </p>
    </section>
  );
}
