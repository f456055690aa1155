import { Form } from "@remix-run/react";
import { localName, tKnown, useLocale, useT } from "~/i18n";
import { describeLedgerEntry } from "~/i18n/ledger";
import { useLocalTime, useTimeZone } from "~/i18n/time";
import { CsrfInput } from "./form-kit";
import { MergedIntoNotice, MergedTips, type MergedTipView } from "./merged-tips";
import { AttachmentList, Thread } from "./tip-parts";

type Named = { nameZh: string; nameEn: string };
export type CaseViewData = {
  case: {
    reference: string;
    state: string;
    submittedOn: string;
    /** How the tip arrived (app/domain/channels.ts). */
    channel: string;
    dueOn: string | null;
    companyName: string | null;
    hasContact: boolean;
    captchaStatus: string;
    flags: { majorHazard: boolean; concealedAccident: boolean; deaths: number | null; officialsImplicated: boolean; implicatedPlaceCode: string | null; tipsterWorksThere: boolean };
  };
  content: { description: string; address?: string; observedOn?: string };
  labels: { sector: Named; placePath: (Named & { code: string })[]; agency: Named | null };
  attachments: { id: string; mediaType: string; byteSize: number; addedOn: string; origin: string; messageId: number | null }[];
  messages: { id: number; author: string; body: string; sentOn: string }[];
  ledger: { seq: number; recordedOn: string; recordedAt: string | null; actorType: string; actorName: string | null; action: string; details?: unknown }[];
  agencyNames: (Named & { id: string })[];
  /** Names of the regions the ledger's implication changes name. */
  placeNames?: (Named & { code: string })[];
  /** Tips merged into this case (shown with it), and the case this one was merged into. */
  merged?: MergedTipView[];
  mergedInto?: string | null;
  /** The viewer may undo the merge into `mergedInto`. */
  mayUndoMerge?: boolean;
};

export function Flags({ flags, captchaUnverified }: { flags: Partial<CaseViewData["case"]["flags"]>; captchaUnverified?: boolean }) {
  const t = useT();
  return (
    <>
      {flags.majorHazard ? <span className="badge alert">{t("staff.flag.major_hazard")}</span> : null}
      {flags.concealedAccident ? <span className="badge alert">{t("staff.flag.concealed_accident")}</span> : null}
      {flags.officialsImplicated ? <span className="badge alert">{t("staff.flag.officials_implicated")}</span> : null}
      {captchaUnverified ? <span className="badge">{t("staff.flag.captcha_unverified")}</span> : null}
    </>
  );
}

/** The case as staff read it: facts, the tip, files, the thread and the ledger. */
export function CaseView({ data, csrf, canSeeContact, contact }: { data: CaseViewData; csrf: string; canSeeContact: boolean; contact?: { name?: string; phone?: string; email?: string } | null }) {
  const t = useT();
  const locale = useLocale();
  const c = data.case;
  const files = data.attachments.filter((a) => a.messageId === null);
  return (
    <>
      <dl className="facts">
        <dt>{t("staff.col.state")}</dt>
        <dd data-testid="case-state">{tKnown(t, `staff.state.${c.state}`)}</dd>
        <dt>{t("staff.col.submittedOn")}</dt>
        <dd>{c.submittedOn}</dd>
        <dt>{t("staff.tip.channel")}</dt>
        <dd data-testid="case-channel">{tKnown(t, `channel.${c.channel}`)}</dd>
        <dt>{t("staff.col.due")}</dt>
        <dd>{c.dueOn ?? "—"}</dd>
        <dt>{t("staff.col.sector")}</dt>
        <dd>{localName(locale, data.labels.sector)}</dd>
        <dt>{t("staff.col.place")}</dt>
        <dd>
          {data.labels.placePath.map((p) => localName(locale, p)).join(" / ")} ({data.labels.placePath.at(-1)?.code})
        </dd>
        <dt>{t("staff.col.agency")}</dt>
        <dd data-testid="case-agency">{data.labels.agency ? localName(locale, data.labels.agency) : "—"}</dd>
        {c.companyName ? (
          <>
            <dt>{t("staff.col.company")}</dt>
            <dd>{c.companyName}</dd>
          </>
        ) : null}
        {data.content.address ? (
          <>
            <dt>{t("staff.case.address")}</dt>
            <dd>{data.content.address}</dd>
          </>
        ) : null}
        {data.content.observedOn ? (
          <>
            <dt>{t("staff.case.observedOn")}</dt>
            <dd>{data.content.observedOn}</dd>
          </>
        ) : null}
        <dt>{t("staff.col.flags")}</dt>
        <dd>
          <Flags flags={c.flags} captchaUnverified={c.captchaStatus === "unverified"} />
          {c.flags.deaths ? <span className="badge alert">{t("staff.case.deaths", { n: c.flags.deaths })}</span> : null}
          {c.flags.implicatedPlaceCode ? <span className="badge">{t("staff.case.implicated", { place: c.flags.implicatedPlaceCode })}</span> : null}
          {c.flags.tipsterWorksThere ? <span className="badge">{t("staff.flag.tipster_works_there")}</span> : null}
        </dd>
      </dl>

      {data.mergedInto ? <MergedIntoNotice tip={c.reference} into={data.mergedInto} mayUndo={data.mayUndoMerge ?? false} /> : null}

      <h2>{t("staff.case.text")}</h2>
      <p className="tip-text" data-testid="staff-tip-text">
        {data.content.description}
      </p>

      <h2>{t("staff.case.attachments")}</h2>
      {files.length === 0 ? <p className="hint">{t("staff.case.noAttachments")}</p> : null}
      <AttachmentList files={files} />

      {data.merged?.length ? <MergedTips tips={data.merged} csrf={csrf} /> : null}

      {canSeeContact ? (
        <section>
          <h2>{t("staff.case.contact")}</h2>
          {!c.hasContact ? (
            <p className="hint">{t("staff.case.contact.none")}</p>
          ) : contact ? (
            <p data-testid="contact">{[contact.name, contact.phone, contact.email].filter(Boolean).join(" · ")}</p>
          ) : (
            <Form method="post">
              <CsrfInput value={csrf} />
              <button type="submit" name="intent" value="show-contact" className="button secondary">
                {t("staff.case.contact.show")}
              </button>
            </Form>
          )}
        </section>
      ) : null}

      <section>
        <h2>{t("staff.case.thread")}</h2>
        {data.messages.length === 0 ? <p className="hint">{t("staff.case.thread.empty")}</p> : null}
        <Thread messages={data.messages} />
      </section>

      <LedgerSection data={data} />
    </>
  );
}

/**
 * The case's ledger in the reader's words: staff entries with their local time, a tipster's with
 * the date only (nothing stores when in the day a tipster acted, ADR 015).
 */
function LedgerSection({ data }: { data: CaseViewData }) {
  const t = useT();
  const locale = useLocale();
  const when = useLocalTime();
  const names = { agencies: data.agencyNames, places: data.placeNames ?? [], timeZone: useTimeZone() };
  return (
    <section>
      <h2>{t("staff.case.ledger")}</h2>
      <table className="list" data-testid="ledger">
        <tbody>
          {data.ledger.map((l) => (
            <tr key={l.seq}>
              <td>{l.seq}</td>
              <td>{l.recordedAt ? <time dateTime={l.recordedAt}>{when(l.recordedAt)}</time> : <time dateTime={l.recordedOn}>{l.recordedOn}</time>}</td>
              <td>{l.actorType === "staff" ? (l.actorName ?? "—") : l.actorType === "tipster" ? t("staff.case.ledger.tipster") : t("staff.case.ledger.system")}</td>
              <td>{describeLedgerEntry(l, t, locale, names)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
