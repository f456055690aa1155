import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { describedBy, Field } from "~/components/field";
import { fieldErrors, formValues, safeStaffNext, signInSchema, type FieldErrors } from "~/forms/staff-auth";
import { tKnown, useT } from "~/i18n";
import { clientAddress } from "~/lib/request-context.server";
import { optionalStaff } from "~/lib/staff-session.server";
import { signInStaff, stepUrl } from "~/services/sign-in-staff.server";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: "Canary — 工作人员登录 / Staff sign-in" }];
export const headers = () => ({ "Cache-Control": "no-store" });

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const next = safeStaffNext(url.searchParams.get("next"));
  if (await optionalStaff(request)) throw redirect(next);
  const signedOut = url.searchParams.get("signedOut");
  return { next, signedOut: signedOut === "this" || signedOut === "everywhere" ? signedOut : null, expired: url.searchParams.get("expired") === "1" };
}

type ActionData = { errors: FieldErrors; email: string; next: string; retryAfterMinutes?: number };
const fail = (data: ActionData, status: number) => Response.json(data, { status, headers: { "Cache-Control": "no-store" } }) as unknown as ActionData;

export async function action({ request, context }: ActionFunctionArgs) {
  const values = formValues(await readForm(request, "shortForm"));
  const parsed = signInSchema.safeParse(values);
  const email = (values.email ?? "").slice(0, 254);
  const next = safeStaffNext(values.next);
  if (!parsed.success) return fail({ errors: fieldErrors(parsed.error), email, next }, 400);
  const result = await signInStaff(parsed.data, { clientAddress: clientAddress(context) });
  switch (result.kind) {
    case "password-ok":
      throw redirect(stepUrl(result.step, parsed.data.next), { headers: { "Set-Cookie": result.setCookie } });
    case "rate-limited":
      return fail({ errors: { form: ["auth.errors.rateLimited"] }, email, next, retryAfterMinutes: result.retryAfterMinutes }, 429);
    case "failed":
      return fail({ errors: { form: ["auth.signIn.failed"] }, email, next }, 401);
  }
}

export default function StaffLogin() {
  const loaderData = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { signedOut, expired } = loaderData;
  const next = data?.next ?? loaderData.next;
  const navigation = useNavigation();
  const t = useT();
  const errors = data?.errors ?? {};
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
      {errors.form ? (
        <div className="error-summary" role="alert">
          {errors.form.map((e) => (
            <p key={e}>{tKnown(t, e, { minutes: data?.retryAfterMinutes ?? 15 })}</p>
          ))}
          {errors.form.includes("auth.signIn.failed") ? <p className="hint">{t("auth.signIn.failedHint")}</p> : null}
        </div>
      ) : null}
      <Form method="post" noValidate className="signin-form">
        <input type="hidden" name="next" value={next} />
        <Field id="email" label={t("auth.field.email")} errors={errors.email}>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            defaultValue={data?.email ?? ""}
            {...describedBy("email", { errors: errors.email })}
          />
        </Field>
        <Field id="password" label={t("auth.field.password")} errors={errors.password}>
          <input id="password" name="password" type="password" autoComplete="current-password" required {...describedBy("password", { errors: errors.password })} />
        </Field>
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("auth.signIn.submit")}
        </button>
      </Form>
      <p className="hint">{t("auth.signIn.help")}</p>
    </section>
  );
}
