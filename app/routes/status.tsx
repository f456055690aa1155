import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { describedBy, Field } from "~/components/field";
import { ReceiptCard } from "~/components/receipt-card";
import { localName, tKnown, useLocale, useT } from "~/i18n";
import { parseFormWithFiles } from "~/lib/multipart.server";
import { clientAddress } from "~/lib/request-context.server";
import { commitTipsterSession, csrfMatches, destroyTipsterSession } from "~/lib/tipster-session.server";
import { getTipForTipster } from "~/services/get-tip-for-tipster.server";
import {
  claimRewardAsTipster,
  currentTipster,
  disputeAsTipster,
  replaceTipsterReceipt,
  replyAsTipster,
  signInWithReceipt,
} from "~/services/tipster-status-action.server";
import { signOutTipster } from "~/services/sign-in-with-receipt.server";

export const meta: MetaFunction = () => [{ title: "Canary — 查询进度 / Check a tip" }];

const noStore = { "Cache-Control": "no-store" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { session, expired } = await currentTipster(request);
  if (!session) {
    const headers = new Headers(noStore);
    if (expired) headers.append("Set-Cookie", await destroyTipsterSession(request));
    return Response.json({ signedIn: false as const, expired }, { headers }) as unknown as { signedIn: false; expired: boolean };
  }
  const tip = await getTipForTipster(session.tipId);
  if (!tip) {
    return Response.json({ signedIn: false as const, expired: true }, { headers: { ...noStore, "Set-Cookie": await destroyTipsterSession(request) } }) as unknown as {
      signedIn: false;
      expired: boolean;
    };
  }
  const headers = new Headers(noStore);
  headers.append("Set-Cookie", await commitTipsterSession(request));
  return Response.json({ signedIn: true as const, tip, csrf: session.csrf }, { headers }) as unknown as {
    signedIn: true;
    tip: NonNullable<Awaited<ReturnType<typeof getTipForTipster>>>;
    csrf: string;
  };
}

type ActionData =
  | { kind: "sign-in-failed"; error: string; retryAfterMinutes?: number; typed?: string }
  | { kind: "replied" }
  | { kind: "reply-failed"; errors: Record<string, string[]>; body: string }
  | { kind: "receipt-replaced"; receipt: string; reference: string }
  | { kind: "disputed" }
  | { kind: "dispute-failed"; errors: Record<string, string[]>; reason: string }
  | { kind: "claimed"; suggestedCny: number }
  | { kind: "claim-failed"; errors: Record<string, string[]> }
  | { kind: "csrf" };

const json = (data: ActionData, init?: ResponseInit) => Response.json(data, { ...init, headers: { ...noStore, ...(init?.headers as Record<string, string>) } });

export async function action({ request, context }: ActionFunctionArgs) {
  const address = clientAddress(context);
  const { session } = await currentTipster(request);
  const form = await parseFormWithFiles(request, "attachments");
  const intent = form.fields.get("intent");

  if (intent === "sign-in") {
    const typed = String(form.fields.get("receipt") ?? "");
    const r = await signInWithReceipt(typed, address);
    if (r.kind === "signed-in") {
      return new Response(null, { status: 303, headers: { Location: "/status", "Set-Cookie": await commitTipsterSession(request, { tipId: r.tipId, receiptTag: r.receiptTag, epoch: r.epoch }) } });
    }
    // A mistyped receipt opens nothing, so it is given back to be corrected rather than typed again.
    const mistyped = r.kind === "sign-in-failed" && r.status === 400 ? { typed: typed.slice(0, 100) } : {};
    if (r.kind === "sign-in-failed") return json({ kind: r.kind, error: r.error, retryAfterMinutes: r.retryAfterMinutes, ...mistyped }, { status: r.status });
  }
  if (!session) return new Response(null, { status: 303, headers: { Location: "/status" } });
  if (!csrfMatches(session, form.fields.get("csrf"))) return json({ kind: "csrf" }, { status: 403 });

  if (intent === "sign-out") {
    // The cookie is cleared here, and the tip's session epoch moves on so that no copy of it works either.
    await signOutTipster(session.tipId);
    return new Response(null, { status: 303, headers: { Location: "/status", "Set-Cookie": await destroyTipsterSession(request) } });
  }
  if (intent === "reply") {
    const r = await replyAsTipster(session.tipId, form, address);
    if (r.kind === "replied") return json({ kind: "replied" });
    if (r.kind === "reply-failed") return json({ kind: r.kind, errors: r.errors, body: r.body }, { status: r.status });
  }
  if (intent === "dispute") {
    const r = await disputeAsTipster(session.tipId, String(form.fields.get("reason") ?? ""), address);
    if (r.kind === "disputed") return json({ kind: "disputed" });
    if (r.kind === "dispute-failed") return json({ kind: r.kind, errors: r.errors, reason: r.reason }, { status: r.status });
  }
  if (intent === "claim-reward") {
    const r = await claimRewardAsTipster(session.tipId, address);
    if (r.kind === "claimed") return json({ kind: "claimed", suggestedCny: r.suggestedCny });
    if (r.kind === "claim-failed") return json({ kind: r.kind, errors: r.errors }, { status: r.status });
  }
  if (intent === "replace-receipt") {
    const r = await replaceTipsterReceipt(session.tipId);
    const tip = await getTipForTipster(session.tipId);
    if (r.kind === "receipt-replaced") {
      const cookie = await commitTipsterSession(request, { tipId: session.tipId, receiptTag: r.receiptTag, epoch: r.epoch });
      return json({ kind: r.kind, receipt: r.receipt, reference: tip?.reference ?? "" }, { headers: { "Set-Cookie": cookie } });
    }
  }
  return json({ kind: "csrf" }, { status: 400 });
}

export default function StatusPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("status.title")}</h1>
      {data.signedIn ? <TipStatus tip={data.tip} csrf={data.csrf} /> : <SignIn expired={data.expired} />}
    </>
  );
}

function SignIn({ expired }: { expired: boolean }) {
  const t = useT();
  const actionData = useActionData<ActionData>();
  const error = actionData?.kind === "sign-in-failed" ? actionData : null;
  const errors = error ? [error.error === "errors.rateLimited" ? "errors.rateLimited" : error.error] : undefined;
  return (
    <>
      {expired ? <p className="notice">{t("status.expired")}</p> : null}
      <p>{t("status.signin.lead")}</p>
      <Form method="post" className="signin-form" noValidate>
        <input type="hidden" name="intent" value="sign-in" />
        <Field id="receipt" label={t("status.receipt")} errors={error?.error === "errors.rateLimited" ? undefined : errors}>
          <input
            id="receipt"
            name="receipt"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            className="receipt-input"
            placeholder="0000 0000 0000 0000 0000 0000 0000"
            defaultValue={error?.typed ?? ""}
            {...describedBy("receipt", { errors })}
          />
        </Field>
        {error?.error === "errors.rateLimited" ? (
          <p className="error" role="alert">
            {t("errors.rateLimited", { minutes: error.retryAfterMinutes ?? 15 })}
          </p>
        ) : null}
        <button type="submit" className="button primary">
          {t("status.signin")}
        </button>
      </Form>
    </>
  );
}

type Tip = Extract<Awaited<ReturnType<typeof loader>>, { signedIn: true }>["tip"];

function TipStatus({ tip, csrf }: { tip: Tip; csrf: string }) {
  const t = useT();
  const locale = useLocale();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const replyErrors = actionData?.kind === "reply-failed" ? actionData.errors : {};
  const flags = [
    tip.flags.majorHazard && t("status.flag.majorHazard"),
    tip.flags.concealedAccident && t("status.flag.concealedAccident"),
    tip.flags.deaths !== null && tip.flags.concealedAccident && t("status.flag.deaths", { n: tip.flags.deaths }),
    tip.flags.officialsImplicated && t("status.flag.officialsImplicated"),
    tip.flags.tipsterWorksThere && t("status.flag.tipsterWorksThere"),
  ].filter(Boolean);
  const fileList = (messageId: number | null) => tip.attachments.filter((a) => a.messageId === messageId);

  return (
    <div className="tip-status">
      {actionData?.kind === "receipt-replaced" ? (
        <section className="notice">
          <p>{t("status.replace.done")}</p>
          <ReceiptCard receipt={actionData.receipt} reference={actionData.reference} />
        </section>
      ) : null}
      {actionData?.kind === "csrf" ? (
        <p className="error" role="alert">
          {t("errors.csrf")}
        </p>
      ) : null}
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

      <Progress tip={tip} />
      <Outcome tip={tip} />
      <Dispute tip={tip} csrf={csrf} />
      <Reward tip={tip} csrf={csrf} />

      <section>
        <h2>{t("status.description")}</h2>
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
        <p className="tip-text" data-testid="tip-text">
          {tip.content.description}
        </p>
        <h3>{t("status.attachments")}</h3>
        <Attachments files={fileList(null)} />
      </section>

      <section aria-labelledby="thread-title">
        <h2 id="thread-title">{t("status.thread")}</h2>
        {tip.messages.length === 0 ? <p className="hint">{t("status.thread.empty")}</p> : null}
        <ol className="thread">
          {tip.messages.map((m) => (
            <li key={m.id} className={`message ${m.author}`}>
              <p className="meta">
                {m.author === "staff" ? t("status.thread.staff") : t("status.thread.tipster")} · {m.sentOn}
              </p>
              <p className="body">{m.body}</p>
              <Attachments files={fileList(m.id)} quiet />
            </li>
          ))}
        </ol>
        {actionData?.kind === "replied" ? (
          <p className="notice" role="status">
            {t("status.reply.sent")}
          </p>
        ) : null}
        <Form method="post" encType="multipart/form-data" className="reply-form" noValidate key={tip.messages.length}>
          <input type="hidden" name="intent" value="reply" />
          <input type="hidden" name="csrf" value={csrf} />
          <Field id="body" label={t("status.reply")} errors={replyErrors.body}>
            <textarea id="body" name="body" rows={4} maxLength={5000} defaultValue={actionData?.kind === "reply-failed" ? actionData.body : ""} {...describedBy("body", { errors: replyErrors.body })} />
          </Field>
          <Field id="attachments" label={t("status.reply.files")} hint={t("report.files.hint")} errors={replyErrors.attachments}>
            <input id="attachments" name="attachments" type="file" multiple accept="image/jpeg,image/png,image/webp,application/pdf" {...describedBy("attachments", { hint: true, errors: replyErrors.attachments })} />
          </Field>
          <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
            {t("status.reply.send")}
          </button>
        </Form>
      </section>

      <section className="card">
        <h2>{t("status.replace.title")}</h2>
        <p>{t("status.replace.body")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="replace-receipt" />
          <input type="hidden" name="csrf" value={csrf} />
          <button type="submit" className="button">
            {t("status.replace.button")}
          </button>
        </Form>
      </section>

      <Form method="post" reloadDocument>
        <input type="hidden" name="intent" value="sign-out" />
        <input type="hidden" name="csrf" value={csrf} />
        <button type="submit" className="button secondary">
          {t("status.signout")}
        </button>
      </Form>
    </div>
  );
}

function Attachments({ files, quiet }: { files: Tip["attachments"]; quiet?: boolean }) {
  const t = useT();
  if (files.length === 0) return quiet ? null : <p className="hint">{t("status.attachments.none")}</p>;
  return (
    <ul className="attachments">
      {files.map((f) => (
        <li key={f.id}>
          <a href={`/status/attachments/${f.id}`} download>
            {f.mediaType.replace("image/", "").replace("application/", "").toUpperCase()} · {Math.max(1, Math.round(f.byteSize / 1024))} KB · {t("status.attachment.download")}
          </a>
        </li>
      ))}
    </ul>
  );
}


function formatCny(locale: string, amount: number): string {
  return new Intl.NumberFormat(locale === "en" ? "en" : "zh-CN", { maximumFractionDigits: 0 }).format(amount);
}

function Progress({ tip }: { tip: Tip }) {
  const t = useT();
  return (
    <section aria-labelledby="steps-title">
      <h2 id="steps-title">{t("status.steps")}</h2>
      <ol className="steps" data-testid="steps">
        {tip.steps.map((s, i) => (
          <li key={`${s.step}-${i}`}>
            <span className="step-date">{s.on}</span> {t(`status.step.${s.step}`)}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Outcome({ tip }: { tip: Tip }) {
  const t = useT();
  const locale = useLocale();
  const o = tip.outcome;
  if (!o) return null;
  const actions = [
    o.rectification.ordered && (o.rectification.dueOn ? t("status.action.rectificationDue", { dueOn: o.rectification.dueOn }) : t("status.action.rectification")),
    o.fineCny !== null && o.fineCny > 0 && t("status.action.fine", { amount: formatCny(locale, o.fineCny) }),
    o.suspension && t("status.action.suspension"),
    o.closure && t("status.action.closure"),
    o.criminalReferral && t("status.action.criminalReferral"),
    o.officialsHeldAccountable > 0 && t("status.action.officials", { n: o.officialsHeldAccountable }),
    o.admonitoryTalk && t("status.action.admonitoryTalk"),
  ].filter((x): x is string => Boolean(x));
  const summary = locale === "en" && o.publicSummaryEn ? o.publicSummaryEn : o.publicSummaryZh;
  return (
    <section aria-labelledby="outcome-title" data-testid="outcome">
      <h2 id="outcome-title">{t("status.outcome")}</h2>
      <dl className="facts">
        <dt>{t("status.outcome.finding")}</dt>
        <dd data-testid="finding">{t(`status.finding.${o.finding}`)}</dd>
        <dt>{t("status.outcome.actions")}</dt>
        <dd>
          {actions.length ? (
            <ul data-testid="actions">
              {actions.map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ul>
          ) : (
            t("status.outcome.noActions")
          )}
        </dd>
      </dl>
      <h3>{t("status.outcome.summary")}</h3>
      <p className="tip-text" data-testid="public-summary" lang={summary === o.publicSummaryEn ? "en" : "zh-CN"}>
        {summary}
      </p>
    </section>
  );
}

function Dispute({ tip, csrf }: { tip: Tip; csrf: string }) {
  const t = useT();
  const actionData = useActionData<ActionData>();
  const errors = actionData?.kind === "dispute-failed" ? actionData.errors.reason : undefined;
  if (!tip.canDispute && tip.disputes.length === 0 && actionData?.kind !== "disputed") return null;
  return (
    <section aria-labelledby="dispute-title" className="card">
      <h2 id="dispute-title">{tip.canDispute ? t("status.dispute.title") : t("status.dispute.history")}</h2>
      {actionData?.kind === "disputed" ? (
        <p className="notice" role="status">
          {t("status.dispute.sent")}
        </p>
      ) : null}
      {tip.disputes.length ? (
        <ul data-testid="disputes">
          {tip.disputes.map((d, i) => (
            <li key={i}>
              {t(d.decision === null ? "status.dispute.pending" : `status.dispute.${d.decision}`, { on: d.disputedOn })}
              {d.decisionReason ? (
                <>
                  {" "}
                  {t("status.dispute.decisionReason")} <span className="tip-text">{d.decisionReason}</span>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {tip.canDispute ? (
        <Form method="post" className="dispute-form" noValidate>
          <p>{t("status.dispute.lead")}</p>
          <input type="hidden" name="intent" value="dispute" />
          <input type="hidden" name="csrf" value={csrf} />
          <Field id="dispute-reason" label={t("status.dispute.reason")} errors={errors}>
            <textarea
              id="dispute-reason"
              name="reason"
              rows={5}
              minLength={20}
              maxLength={2000}
              required
              defaultValue={actionData?.kind === "dispute-failed" ? actionData.reason : ""}
              {...describedBy("dispute-reason", { errors })}
            />
          </Field>
          <button type="submit" className="button primary">
            {t("status.dispute.submit")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function Reward({ tip, csrf }: { tip: Tip; csrf: string }) {
  const t = useT();
  const locale = useLocale();
  const actionData = useActionData<ActionData>();
  const r = tip.reward;
  const errors = actionData?.kind === "claim-failed" ? Object.values(actionData.errors).flat() : [];
  if (!r.merged && !r.claim && !r.canClaim && errors.length === 0) return null;
  return (
    <section aria-labelledby="reward-title" className="card" data-testid="reward">
      <h2 id="reward-title">{t("status.reward.title")}</h2>
      {r.merged ? <p data-testid="reward-merged">{t("status.reward.merged")}</p> : null}
      {actionData?.kind === "claimed" ? (
        <p className="notice" role="status">
          {t("status.reward.claimed")}
        </p>
      ) : null}
      {errors.length ? (
        <p className="error" role="alert">
          {errors.map((e) => tKnown(t, e)).join(" ")}
        </p>
      ) : null}
      {r.claim ? (
        <p data-testid="reward-claim" data-state={r.claim.state}>
          {r.claim.state === "requested"
            ? t("status.reward.requested", { on: r.claim.claimedOn, amount: formatCny(locale, r.claim.suggestedCny) })
            : r.claim.state === "approved"
              ? t("status.reward.approved", { amount: formatCny(locale, r.claim.approvedCny ?? 0) })
              : t("status.reward.refused")}
          {r.claim.state === "refused" && r.claim.refusalReason ? (
            <>
              {" "}
              {t("status.reward.refusalReason")} <span className="tip-text">{r.claim.refusalReason}</span>
            </>
          ) : null}
        </p>
      ) : null}
      {r.canClaim ? (
        <Form method="post">
          <p>{t("status.reward.lead", { amount: formatCny(locale, r.suggestion.amountCny) })}</p>
          <input type="hidden" name="intent" value="claim-reward" />
          <input type="hidden" name="csrf" value={csrf} />
          <button type="submit" className="button primary">
            {t("status.reward.claim")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
