import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthFormErrors } from "~/components/staff-auth-errors";
import { formProps, TextField, useFormFor } from "~/components/form-kit";
import { safeStaffNext, signInSchema, type SignInFields } from "~/forms/staff-auth";
import { useT } from "~/i18n";
import { clientAddress } from "~/lib/request-context.server";
import { readForm } from "~/lib/request-body.server";
import { submitForm } from "~/lib/route-edge.server";
import { optionalStaff } from "~/lib/staff-session.server";
import { signInStaff, stepUrl } from "~/services/sign-in-staff.server";

export const meta: MetaFunction = () => [{ title: "Canary — 工作人员登录 / Staff sign-in" }];
export const headers = () => ({ "Cache-Control": "no-store" });

const NO_STORE = { "Cache-Control": "no-store" };

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const next = safeStaffNext(url.searchParams.get("next"));
  if (await optionalStaff(request)) throw redirect(next);
  const signedOut = url.searchParams.get("signedOut");
  return { next, signedOut: signedOut === "this" || signedOut === "everywhere" ? signedOut : null, expired: url.searchParams.get("expired") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, "shortForm");
  return submitForm(
    form,
    signInSchema,
    async (input) => {
      const { setCookie, step } = await signInStaff(input, { clientAddress: clientAddress(context) });
      return redirect(stepUrl(step, input.next), { headers: { "Set-Cookie": setCookie } });
    },
    { intent: "sign-in", headers: NO_STORE },
  );
}

export default function StaffLogin() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useFormFor<SignInFields>("sign-in", actionData);
  const { signedOut, expired } = loaderData;
  // What was sent comes back with a refusal; it is made safe again before it is used.
  const next = safeStaffNext(fields.next.initialValue ?? loaderData.next);
  const navigation = useNavigation();
  const t = useT();
  return (
    <section className="staff-auth">
      <h1>{t("auth.signIn.title")}</h1>
      {signedOut ? (
        <p className="notice" role="status">
          {t(signedOut === "everywhere" ? "auth.signOut.doneEverywhere" : "auth.signOut.done")}
        </p>
      ) : null}
      {expired ? (
        <p className="notice" role="status">
          {t("auth.signIn.expired")}
        </p>
      ) : null}
      <AuthFormErrors form={form} more={{ "auth.signIn.failed": <p className="hint">{t("auth.signIn.failedHint")}</p> }} />
      <Form method="post" {...formProps(form)} className="signin-form">
        <input type="hidden" name="next" value={next} />
        <TextField meta={fields.email} label={t("auth.field.email")} type="email" autoComplete="username" autoCapitalize="none" spellCheck={false} required />
        <TextField meta={fields.password} label={t("auth.field.password")} type="password" autoComplete="current-password" required />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("auth.signIn.submit")}
        </button>
      </Form>
      <p className="hint">{t("auth.signIn.help")}</p>
    </section>
  );
}
