import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { StatusSignIn } from "~/components/status-sign-in";
import { TipStatus } from "~/components/status-tip";
import { buttonSchema, disputeSchema, replySchema, signInSchema } from "~/forms/public.server";
import { useT } from "~/i18n";
import { AppError } from "~/lib/app-error";
import { parseFormWithFiles } from "~/lib/multipart.server";
import { clientAddress } from "~/lib/request-context.server";
import { intent, seeOther, submitForm, submitIntent } from "~/lib/route-edge.server";
import { commitTipsterSession, csrfMatches, destroyTipsterSession } from "~/lib/tipster-session.server";
import { getTipForTipster } from "~/services/get-tip-for-tipster.server";
import { signOutTipster } from "~/services/sign-in-with-receipt.server";
import { claimRewardAsTipster, currentTipster, disputeAsTipster, replaceTipsterReceipt, replyAsTipster, signInWithReceipt } from "~/services/tipster-status-action.server";
import { SCRIPTS_AFTER_FIRST_PAINT } from "~/components/page-scripts";

export const meta: MetaFunction = () => [{ title: "Canary — 查询进度 / Check a tip" }];

/** The form works as plain HTML: its scripts come after the first paint (ADR 040). */
export const handle = SCRIPTS_AFTER_FIRST_PAINT;

// The page shows a tip's private thread and, once, a new receipt: never cached.
const noStore = { "Cache-Control": "no-store" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { session, expired } = await currentTipster(request);
  const tip = session ? await getTipForTipster(session.tipId) : null;
  const headers = new Headers(noStore);
  if (!session || !tip) {
    // An ended session's cookie is cleared; so is one whose tip no longer exists.
    if (expired || session) headers.append("Set-Cookie", await destroyTipsterSession(request));
    return data({ signedIn: false as const, expired: expired || session !== null }, { headers });
  }
  headers.append("Set-Cookie", await commitTipsterSession(request));
  return data({ signedIn: true as const, tip, csrf: session.csrf }, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const address = clientAddress(context);
  const { session } = await currentTipster(request);
  const form = await parseFormWithFiles(request, "attachments");
  const asked = String(form.fields.get("intent") ?? "");

  if (asked === "sign-in") {
    // A mistyped receipt opens nothing, so it is given back to correct; one refused otherwise is not (secret).
    return submitForm(
      form.fields,
      signInSchema,
      async ({ receipt }) => {
        const opened = await signInWithReceipt(receipt, address);
        return redirect("/status", { status: 303, headers: { "Set-Cookie": await commitTipsterSession(request, opened) } });
      },
      { intent: asked, headers: noStore, secret: ["receipt"] },
    );
  }
  if (!session) return seeOther("/status");
  // A stale page's form is refused on that form, with what was typed kept.
  if (!csrfMatches(session, form.fields.get("csrf"))) return submitForm(form.fields, buttonSchema, () => Promise.reject(new AppError("stale_form")), { intent: asked, headers: noStore });

  if (asked === "replace-receipt") {
    // The new receipt is shown once, in this answer; the session moves to it.
    const { receipt, reference, receiptTag, epoch } = await replaceTipsterReceipt(session.tipId);
    const cookie = await commitTipsterSession(request, { tipId: session.tipId, receiptTag, epoch });
    return data({ intent: asked, receipt, reference }, { headers: { ...noStore, "Set-Cookie": cookie } });
  }
  return submitIntent(
    form.fields,
    {
      "sign-out": intent(buttonSchema, async () => {
        // The cookie is cleared here, and the tip's session epoch moves on so that no copy of it works either.
        await signOutTipster(session.tipId);
        return redirect("/status", { status: 303, headers: { "Set-Cookie": await destroyTipsterSession(request) } });
      }),
      // Answered with a 303 to the confirmation (#notice), so it is in view with JavaScript off too.
      reply: intent(replySchema, async ({ body }) => {
        await replyAsTipster(session.tipId, { body, files: form.files, problem: form.problem }, address);
        return seeOther("/status?sent=reply#notice");
      }),
      dispute: intent(disputeSchema, ({ reason }) => disputeAsTipster(session.tipId, reason, address)),
      "claim-reward": intent(buttonSchema, () => claimRewardAsTipster(session.tipId, address)),
    },
    { headers: noStore },
  );
}

export default function StatusPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("status.title")}</h1>
      {data.signedIn ? <TipStatus tip={data.tip} csrf={data.csrf} /> : <StatusSignIn expired={data.expired} />}
    </>
  );
}
