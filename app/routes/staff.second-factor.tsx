import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { describedBy, Field } from "~/components/field";
import { fieldErrors, formValues, safeStaffNext, secondFactorSchema, type FieldErrors } from "~/forms/staff-auth";
import { tKnown, useT } from "~/i18n";
import { clearedStaffCookie, optionalStaff } from "~/lib/staff-session.server";
import { pendingSignIn, stepUrl, type PendingSignIn } from "~/services/sign-in-staff.server";
import { verifyStaffSecondFactor } from "~/services/verify-staff-second-factor.server";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: "Canary — 两步验证 / Two-step verification" }];
export const headers = () => ({ "Cache-Control": "no-store" });

/** The sign-in in progress at this step, or a redirect to where this browser belongs instead. */
async function guard(request: Request, next: string): Promise<PendingSignIn> {
  const pending = await pendingSignIn(request);
  if (!pending) {
    if (await optionalStaff(request)) throw redirect(next);
    throw redirect(`/staff/login?expired=1&next=${encodeURIComponent(next)}`);
  }
  if (pending.step !== "second-factor") throw redirect(stepUrl(pending.step, next));
  return pending;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const next = safeStaffNext(new URL(request.url).searchParams.get("next"));
  await guard(request, next);
  return { next };
}

type ActionData = { errors: FieldErrors; retryAfterSeconds?: number };
const fail = (data: ActionData, status: number, headers: Record<string, string> = {}) =>
  Response.json(data, { status, headers: { "Cache-Control": "no-store", ...headers } }) as unknown as ActionData;

export async function action({ request }: ActionFunctionArgs) {
  const values = formValues(await readForm(request, "shortForm"));
  const next = safeStaffNext(values.next);
  const pending = await guard(request, next);
  const parsed = secondFactorSchema.safeParse(values);
  if (!parsed.success) return fail({ errors: fieldErrors(parsed.error) }, 400);
  const result = await verifyStaffSecondFactor(pending, parsed.data.code);
  switch (result.kind) {
    case "signed-in":
      throw redirect(next);
    case "wrong-step":
      throw redirect(stepUrl(result.step, next));
    case "invalid":
      return fail({ errors: { code: ["auth.errors.code.wrong"] } }, 401);
    case "wait":
      return fail({ errors: { code: ["auth.errors.wait"] }, retryAfterSeconds: result.retryAfterSeconds }, 429);
    case "locked":
      return fail({ errors: { form: ["auth.secondFactor.locked"] }, retryAfterSeconds: result.retryAfterMinutes * 60 }, 429, { "Set-Cookie": clearedStaffCookie() });
  }
}

export default function SecondFactor() {
  const { next } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errors = data?.errors ?? {};
  const minutes = Math.max(1, Math.ceil((data?.retryAfterSeconds ?? 60) / 60));
  return (
    <section className="staff-auth">
      <h1>{t("auth.secondFactor.title")}</h1>
      {errors.form ? (
        <div className="error-summary" role="alert">
          {errors.form.map((e) => (
            <p key={e}>{tKnown(t, e, { minutes })}</p>
          ))}
          {errors.form.includes("auth.secondFactor.locked") ? (
            <p>
              <Link to={`/staff/login?next=${encodeURIComponent(next)}`}>{t("auth.secondFactor.backToSignIn")}</Link>
            </p>
          ) : null}
        </div>
      ) : null}
      <p>{t("auth.secondFactor.lead")}</p>
      <Form method="post" noValidate className="signin-form">
        <input type="hidden" name="next" value={next} />
        <Field id="code" label={t("auth.field.code")} hint={t("auth.secondFactor.hint")} errors={errors.code}>
          <input
            id="code"
            name="code"
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            {...describedBy("code", { hint: true, errors: errors.code })}
          />
        </Field>
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("auth.secondFactor.submit")}
        </button>
      </Form>
      <p className="hint">{t("auth.secondFactor.lost")}</p>
    </section>
  );
}
