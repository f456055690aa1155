import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formProps, TextField, useFormFor } from "~/components/form-kit";
import { AuthFormErrors } from "~/components/staff-auth-errors";
import { safeStaffNext, secondFactorSchema, type SecondFactorFields } from "~/forms/staff-auth";
import { useT } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { submitForm } from "~/lib/route-edge.server";
import { clearedStaffCookie, optionalStaff } from "~/lib/staff-session.server";
import { endsSession, pendingSignIn, stepUrl, type PendingSignIn } from "~/services/sign-in-staff.server";
import { verifyStaffSecondFactor } from "~/services/verify-staff-second-factor.server";

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

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request, "shortForm");
  const pending = await guard(request, safeStaffNext(form.get("next")));
  // Read when the answer is made: a lock (which ended the session) adds the cleared cookie.
  const headers = new Headers({ "Cache-Control": "no-store" });
  return submitForm(
    form,
    secondFactorSchema,
    async ({ code, next }) => {
      try {
        await verifyStaffSecondFactor(pending, code);
      } catch (e) {
        if (endsSession(e)) headers.append("Set-Cookie", clearedStaffCookie());
        throw e;
      }
      return redirect(next);
    },
    { intent: "second-factor", headers },
  );
}

export default function SecondFactor() {
  const { next } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useFormFor<SecondFactorFields>("second-factor", actionData);
  const navigation = useNavigation();
  const t = useT();
  return (
    <section className="staff-auth">
      <h1>{t("auth.secondFactor.title")}</h1>
      <AuthFormErrors
        form={form}
        more={{
          "auth.secondFactor.locked": (
            <p>
              <Link to={`/staff/login?next=${encodeURIComponent(next)}`}>{t("auth.secondFactor.backToSignIn")}</Link>
            </p>
          ),
        }}
      />
      <p>{t("auth.secondFactor.lead")}</p>
      <Form method="post" {...formProps(form)} className="signin-form">
        <input type="hidden" name="next" value={next} />
        <TextField
          meta={fields.code}
          label={t("auth.field.code")}
          hint={t("auth.secondFactor.hint")}
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
        />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("auth.secondFactor.submit")}
        </button>
      </Form>
      <p className="hint">{t("auth.secondFactor.lost")}</p>
    </section>
  );
}
