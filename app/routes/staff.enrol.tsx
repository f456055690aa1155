import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { formProps, TextField, useFormFor } from "~/components/form-kit";
import { AuthFormErrors } from "~/components/staff-auth-errors";
import { enrolSchema, safeStaffNext, type EnrolFields } from "~/forms/staff-auth";
import { useT } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { submitFormWith } from "~/lib/route-edge.server";
import { optionalStaff } from "~/lib/staff-session.server";
import { confirmStaffTotpEnrolment, startStaffTotpEnrolment } from "~/services/enrol-staff-totp.server";
import { pendingSignIn, stepUrl, type PendingSignIn } from "~/services/sign-in-staff.server";

export const meta: MetaFunction = () => [{ title: "Canary — 设置两步验证 / Set up two-step verification" }];
export const headers = () => ({ "Cache-Control": "no-store" });

async function guard(request: Request, next: string): Promise<PendingSignIn> {
  const pending = await pendingSignIn(request);
  if (!pending) throw redirect(`/staff/login?expired=1&next=${encodeURIComponent(next)}`);
  if (pending.step !== "enrol") throw redirect(stepUrl(pending.step, next));
  return pending;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const next = safeStaffNext(new URL(request.url).searchParams.get("next"));
  // Signed in completely (e.g. just enrolled, the recovery codes on screen): nothing to set up.
  if (await optionalStaff(request)) return { state: "done" as const, next };
  const pending = await guard(request, next);
  return { state: "enrol" as const, next, ...(await startStaffTotpEnrolment(pending)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request, "shortForm");
  const pending = await guard(request, safeStaffNext(form.get("next")));
  // The recovery codes are the answer itself (shown this once), not a redirect.
  return submitFormWith(
    form,
    enrolSchema,
    async ({ code, next }) => {
      const { recoveryCodes } = await confirmStaffTotpEnrolment(pending, code);
      return { kind: "enrolled" as const, recoveryCodes, next };
    },
    { intent: "enrol", headers: { "Cache-Control": "no-store" } },
  );
}

function isEnrolled(result: unknown): boolean {
  return typeof result === "object" && result !== null && "kind" in result && result.kind === "enrolled";
}

/** Once the codes are on screen the page must not reload: they are shown this once. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) => (isEnrolled(actionResult) ? false : defaultShouldRevalidate);

export default function Enrol() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  if (actionData && "recoveryCodes" in actionData) return <RecoveryCodes codes={actionData.recoveryCodes} next={actionData.next} />;
  if (data.state === "done") {
    return (
      <section className="staff-auth">
        <h1>{t("auth.enrol.title")}</h1>
        <p className="notice">{t("auth.enrol.alreadyDone")}</p>
        <p>
          <a className="button primary" href={data.next}>
            {t("auth.enrol.continue")}
          </a>
        </p>
      </section>
    );
  }
  return <EnrolForm {...data} actionData={actionData} />;
}

function EnrolForm(props: { next: string; qrDataUrl: string; secretGroups: string; accountName: string; actionData: unknown }) {
  const t = useT();
  const navigation = useNavigation();
  const [form, fields] = useFormFor<EnrolFields>("enrol", props.actionData);
  return (
    <section className="staff-auth">
      <h1>{t("auth.enrol.title")}</h1>
      <AuthFormErrors form={form} />
      <p>{t("auth.enrol.lead")}</p>
      <ol>
        <li>{t("auth.enrol.step1")}</li>
        <li>
          {t("auth.enrol.step2")}
          <p className="qr">
            <img src={props.qrDataUrl} width={200} height={200} alt={t("auth.enrol.qrAlt")} />
          </p>
          <p className="hint">{t("auth.enrol.manual")}</p>
          <dl className="facts">
            <dt>{t("auth.enrol.account")}</dt>
            <dd>{props.accountName}</dd>
            <dt>{t("auth.enrol.secret")}</dt>
            <dd>
              <code className="receipt" data-testid="totp-secret">
                {props.secretGroups}
              </code>
            </dd>
            <dt>{t("auth.enrol.type")}</dt>
            <dd>{t("auth.enrol.typeValue")}</dd>
          </dl>
        </li>
        <li>{t("auth.enrol.step3")}</li>
      </ol>
      <Form method="post" {...formProps(form)} className="signin-form">
        <input type="hidden" name="next" value={props.next} />
        <TextField meta={fields.code} label={t("auth.field.totp")} inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" required />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("auth.enrol.submit")}
        </button>
      </Form>
    </section>
  );
}

function RecoveryCodes({ codes, next }: { codes: string[]; next: string }) {
  const t = useT();
  return (
    <section className="staff-auth" aria-live="polite">
      <h1>{t("auth.recovery.title")}</h1>
      <p className="notice">{t("auth.recovery.enrolled")}</p>
      <p>{t("auth.recovery.lead")}</p>
      <ul className="codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <p className="warning">{t("auth.recovery.warning")}</p>
      <p>
        <a className="button primary" href={next}>
          {t("auth.recovery.continue")}
        </a>
      </p>
    </section>
  );
}
