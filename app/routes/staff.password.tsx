import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfInput, formProps, TextField, useFormFor } from "~/components/form-kit";
import { NewPasswordFields } from "~/components/new-password-fields";
import { AuthFormErrors } from "~/components/staff-auth-errors";
import { changePasswordSchema, forcedPasswordSchema, forcedPasswordWithCodeSchema, safeStaffNext, type PasswordFields } from "~/forms/staff-auth";
import { useT } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { submitForm } from "~/lib/route-edge.server";
import { clearedStaffCookie, optionalStaff, verifyStaffCsrf, type StaffContext } from "~/lib/staff-session.server";
import { changeStaffPassword, changeStaffPasswordForced, type PasswordChanged } from "~/services/change-staff-password.server";
import { endsSession, pendingSignIn, stepUrl, type PendingSignIn } from "~/services/sign-in-staff.server";

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

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request, "shortForm");
  const next = safeStaffNext(form.get("next"));
  const m = await guard(request, next);
  // Read when the answer is made: a lock (which ended the session) adds the cleared cookie.
  const headers = new Headers({ "Cache-Control": "no-store" });
  const options = { intent: "password", headers };
  const changed = async (work: Promise<PasswordChanged>, done: string) => {
    try {
      const { setCookie, next: step } = await work;
      return redirect(step === "done" ? done : stepUrl(step, next), { headers: { "Set-Cookie": setCookie } });
    } catch (e) {
      if (endsSession(e)) headers.append("Set-Cookie", clearedStaffCookie());
      throw e;
    }
  };
  if (m.mode === "voluntary") {
    verifyStaffCsrf(m.staff, form);
    return submitForm(form, changePasswordSchema, (input) => changed(changeStaffPassword(m.staff, input), "/staff?done=password"), options);
  }
  const { pending } = m;
  // With an app enrolled the code is part of the form, so the one-time password alone changes nothing.
  if (pending.account.totpEnrolledAt !== null) {
    return submitForm(form, forcedPasswordWithCodeSchema, ({ password, code }) => changed(changeStaffPasswordForced(pending, { password, code }), next), options);
  }
  return submitForm(form, forcedPasswordSchema, ({ password }) => changed(changeStaffPasswordForced(pending, { password, code: null }), next), options);
}

export default function ChangePassword() {
  const { mode, csrf, next, needsCode } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useFormFor<PasswordFields>("password", actionData);
  const navigation = useNavigation();
  const t = useT();
  return (
    <section className="staff-auth">
      <h1>{t(mode === "forced" ? "auth.password.forcedTitle" : "auth.password.title")}</h1>
      <AuthFormErrors form={form} />
      <p>{t(mode === "forced" ? "auth.password.forcedLead" : "auth.password.lead")}</p>
      <Form method="post" {...formProps(form)} className="signin-form">
        <input type="hidden" name="next" value={next} />
        {mode === "voluntary" ? (
          <>
            <CsrfInput value={csrf} />
            <TextField meta={fields.currentPassword} label={t("auth.field.currentPassword")} type="password" autoComplete="current-password" required />
          </>
        ) : null}
        <NewPasswordFields password={fields.password} confirm={fields.confirm} />
        {needsCode ? (
          <TextField meta={fields.code} label={t("auth.field.code")} hint={t("auth.secondFactor.hint")} autoComplete="one-time-code" autoCapitalize="none" spellCheck={false} required />
        ) : null}
        <p className="hint">{t("auth.password.notKept")}</p>
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("auth.password.submit")}
        </button>
      </Form>
    </section>
  );
}
