import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { describedBy, Field } from "~/components/field";
import {
  changePasswordSchema,
  fieldErrors,
  forcedPasswordCodeSchema,
  forcedPasswordSchema,
  formValues,
  PASSWORD_MIN_LENGTH,
  safeStaffNext,
  type FieldErrors,
} from "~/forms/staff-auth";
import { tKnown, useT } from "~/i18n";
import { clearedStaffCookie, optionalStaff, verifyStaffCsrf, type StaffContext } from "~/lib/staff-session.server";
import { changeStaffPassword, changeStaffPasswordForced, type ChangePasswordResult } from "~/services/change-staff-password.server";
import { pendingSignIn, stepUrl, type PendingSignIn } from "~/services/sign-in-staff.server";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: "Canary — 修改密码 / Change password" }];
export const headers = () => ({ "Cache-Control": "no-store" });

type Mode = { mode: "voluntary"; staff: StaffContext } | { mode: "forced"; pending: PendingSignIn };

/** Signed in: a voluntary change. Mid-sign-in with `must_change_password`: the forced one. */
async function guard(request: Request, next: string): Promise<Mode> {
  const staff = await optionalStaff(request);
  if (staff) return { mode: "voluntary", staff };
  const pending = await pendingSignIn(request);
  if (!pending) throw redirect(`/staff/login?next=${encodeURIComponent("/staff/password")}`);
  if (pending.step !== "change-password") throw redirect(stepUrl(pending.step, next));
  return { mode: "forced", pending };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const next = safeStaffNext(new URL(request.url).searchParams.get("next"));
  const m = await guard(request, next);
  if (m.mode === "voluntary") return { mode: "voluntary" as const, csrf: m.staff.csrf, next, needsCode: false };
  return { mode: "forced" as const, csrf: "", next, needsCode: m.pending.account.totpEnrolledAt !== null };
}

type ActionData = { errors: FieldErrors; retryAfterMinutes?: number };
const fail = (data: ActionData, status: number, headers: Record<string, string> = {}) =>
  Response.json(data, { status, headers: { "Cache-Control": "no-store", ...headers } }) as unknown as ActionData;

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request, "shortForm");
  const values = formValues(form);
  const next = safeStaffNext(values.next);
  const m = await guard(request, next);
  let result: ChangePasswordResult;
  if (m.mode === "voluntary") {
    verifyStaffCsrf(m.staff, form);
    const parsed = changePasswordSchema.safeParse(values);
    if (!parsed.success) return fail({ errors: fieldErrors(parsed.error) }, 400);
    result = await changeStaffPassword(m.staff, parsed.data);
  } else {
    const parsed = forcedPasswordSchema.safeParse(values);
    const needsCode = m.pending.account.totpEnrolledAt !== null;
    const code = needsCode ? forcedPasswordCodeSchema.safeParse(values) : null;
    if (!parsed.success || (code && !code.success)) {
      const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(code && !code.success ? fieldErrors(code.error) : {}) };
      return fail({ errors }, 400);
    }
    result = await changeStaffPasswordForced(m.pending, { password: parsed.data.password, code: code?.success ? code.data.code : null });
  }
  switch (result.kind) {
    case "changed":
      throw redirect(result.next === "done" ? (m.mode === "voluntary" ? "/staff?done=password" : next) : stepUrl(result.next, next), {
        headers: { "Set-Cookie": result.setCookie },
      });
    case "wrong-step":
      throw redirect(stepUrl(result.step, next));
    case "invalid":
      return fail({ errors: result.errors }, 400);
    case "locked":
      return fail({ errors: { form: ["auth.password.locked"] }, retryAfterMinutes: result.retryAfterMinutes }, 429, { "Set-Cookie": clearedStaffCookie() });
  }
}

export default function ChangePassword() {
  const { mode, csrf, next, needsCode } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errors = data?.errors ?? {};
  return (
    <section className="staff-auth">
      <h1>{t(mode === "forced" ? "auth.password.forcedTitle" : "auth.password.title")}</h1>
      {errors.form ? (
        <div className="error-summary" role="alert">
          {errors.form.map((e) => (
            <p key={e}>{tKnown(t, e, { minutes: data?.retryAfterMinutes ?? 15 })}</p>
          ))}
        </div>
      ) : null}
      <p>{t(mode === "forced" ? "auth.password.forcedLead" : "auth.password.lead")}</p>
      <Form method="post" noValidate className="signin-form">
        <input type="hidden" name="next" value={next} />
        {mode === "voluntary" ? (
          <>
            <input type="hidden" name="csrf" value={csrf} />
            <Field id="currentPassword" label={t("auth.field.currentPassword")} errors={errors.currentPassword}>
              <input
                id="currentPassword"
                name="currentPassword"
                type="password"
                autoComplete="current-password"
                required
                {...describedBy("currentPassword", { errors: errors.currentPassword })}
              />
            </Field>
          </>
        ) : null}
        <Field id="password" label={t("auth.field.newPassword")} hint={t("auth.password.policy", { min: PASSWORD_MIN_LENGTH })} errors={errors.password}>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={PASSWORD_MIN_LENGTH}
            required
            {...describedBy("password", { hint: true, errors: errors.password })}
          />
        </Field>
        <Field id="confirm" label={t("auth.field.confirmPassword")} errors={errors.confirm}>
          <input id="confirm" name="confirm" type="password" autoComplete="new-password" required {...describedBy("confirm", { errors: errors.confirm })} />
        </Field>
        {needsCode ? (
          <Field id="code" label={t("auth.field.code")} hint={t("auth.secondFactor.hint")} errors={errors.code}>
            <input id="code" name="code" autoComplete="one-time-code" autoCapitalize="none" spellCheck={false} required {...describedBy("code", { hint: true, errors: errors.code })} />
          </Field>
        ) : null}
        <p className="hint">{t("auth.password.notKept")}</p>
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("auth.password.submit")}
        </button>
      </Form>
    </section>
  );
}
