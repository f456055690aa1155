import { localName, tKnown, useLocale, useT } from "~/i18n";
import type { TipsterView } from "~/services/get-tip-for-tipster.server";
import { StatusAccount, StatusNewReceipt } from "./status-account";
import { StatusDispute } from "./status-dispute";
import { StatusJoined, StatusOutcome, StatusProgress } from "./status-outcome";
import { StatusReward } from "./status-reward";
import { StatusAttachments, StatusNews, StatusThread } from "./status-thread";

/** The signed-in tipster's view of their tip: where it stands, what it said, the thread and the forms. */
export function TipStatus({ tip, csrf }: { tip: TipsterView; csrf: string }) {
  const t = useT();
  return (
    <div className="tip-status">
      <StatusNewReceipt />
      <StatusNews tip={tip} />
      <StatusFacts tip={tip} />
      <StatusProgress tip={tip} />
      <StatusJoined tip={tip} />
      <StatusOutcome tip={tip} />
      <StatusDispute tip={tip} csrf={csrf} />
      <StatusReward tip={tip} csrf={csrf} />
      <section>
        <h2>{t("status.description")}</h2>
        <StatusDescription tip={tip} />
        <p className="tip-text" data-testid="tip-text">
          {tip.content.description}
        </p>
        <h3>{t("status.attachments")}</h3>
        <StatusAttachments files={tip.attachments.filter((a) => a.messageId === null)} />
      </section>
      <StatusThread tip={tip} csrf={csrf} />
      <StatusAccount csrf={csrf} />
    </div>
  );
}

/** Reference, public status, dates, extension, agency and rejection. */
function StatusFacts({ tip }: { tip: TipsterView }) {
  const t = useT();
  const locale = useLocale();
  return (
    <dl className="facts">
      <dt>{t("status.reference")}</dt>
      <dd data-testid="reference">{tip.reference}</dd>
      <dt>{t("status.state")}</dt>
      <dd data-testid="public-status">{t(`status.public.${tip.status}`)}</dd>
      <dt>{t("status.submittedOn")}</dt>
      <dd>{tip.submittedOn}</dd>
      <dt>{t("status.dueOn")}</dt>
      <dd data-testid="due-on">{tip.dueOn ?? "—"}</dd>
      {tip.extension ? (
        <>
          <dt>{t("status.extension")}</dt>
          <dd data-testid="extension">
            {tip.extension.state === "approved"
              ? t("status.extension.approved", { days: tip.extension.days ?? 0, dueOn: tip.extension.newDueOn ?? "—" })
              : t("status.extension.requested", { days: tip.extension.days ?? 0 })}
            {tip.extension.reason ? (
              <>
                {" "}
                {t("status.extension.reason")} <span className="tip-text">{tip.extension.reason}</span>
              </>
            ) : null}
          </dd>
        </>
      ) : null}
      <dt>{t("status.agency")}</dt>
      <dd data-testid="agency">{tip.agency ? localName(locale, tip.agency) : t("status.agency.none")}</dd>
      {tip.rejection ? (
        <>
          <dt>{t("status.rejection")}</dt>
          <dd data-testid="rejection">
            {tKnown(t, `status.rejection.${tip.rejection.reason}`)}
            {tip.rejection.note ? <p className="tip-text">{tip.rejection.note}</p> : null}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** What the tip said: sector, place, company, address, date, flags and contact. */
function StatusDescription({ tip }: { tip: TipsterView }) {
  const t = useT();
  const locale = useLocale();
  const flags = [
    tip.flags.majorHazard && t("status.flag.majorHazard"),
    tip.flags.concealedAccident && t("status.flag.concealedAccident"),
    tip.flags.deaths !== null && tip.flags.concealedAccident && t("status.flag.deaths", { n: tip.flags.deaths }),
    tip.flags.officialsImplicated && t("status.flag.officialsImplicated"),
    tip.flags.tipsterWorksThere && t("status.flag.tipsterWorksThere"),
  ].filter(Boolean);
  return (
    <dl className="facts">
      <dt>{t("status.sector")}</dt>
      <dd>{localName(locale, tip.sector)}</dd>
      <dt>{t("status.place")}</dt>
      <dd>{locale === "en" ? [...tip.placePath].reverse().map((p) => localName(locale, p)).join(", ") : tip.placePath.map((p) => localName(locale, p)).join(" ")}</dd>
      {tip.companyName ? (
        <>
          <dt>{t("status.company")}</dt>
          <dd>{tip.companyName}</dd>
        </>
      ) : null}
      {tip.content.address ? (
        <>
          <dt>{t("status.address")}</dt>
          <dd>{tip.content.address}</dd>
        </>
      ) : null}
      {tip.content.observedOn ? (
        <>
          <dt>{t("status.observedOn")}</dt>
          <dd>{tip.content.observedOn}</dd>
        </>
      ) : null}
      {flags.length ? (
        <>
          <dt>{t("status.flags")}</dt>
          <dd>{flags.join("；")}</dd>
        </>
      ) : null}
      {tip.contact && Object.values(tip.contact).some(Boolean) ? (
        <>
          <dt>{t("status.contact")}</dt>
          <dd>{[tip.contact.name, tip.contact.phone, tip.contact.email].filter(Boolean).join(" · ")}</dd>
        </>
      ) : null}
    </dl>
  );
}
