import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { describedBy, Field } from "~/components/field";
import { fieldErrors, formValues, invitationSchema, PASSWORD_MIN_LENGTH, type FieldErrors } from "~/forms/staff-auth";
import { tKnown, useT } from "~/i18n";
import { acceptStaffInvitation, findStaffInvitation } from "~/services/accept-staff-invitation.server";
import { stepUrl } from "~/services/sign-in-staff.server";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: "Canary — 接受邀请 / Accept an invitation" }];
/**
 * The token is in the address: never cached. The site-wide Referrer-Policy (same-origin) keeps it
 * from other sites; no-referrer is not used because form posts then carry `Origin: null`.
 */
export const headers = () => ({ "Cache-Control": "no-store" });

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findStaffInvitation(params.token ?? "");
  if (found.kind === "valid") return { state: "valid" as const, email: found.email, displayName: found.displayName };
  return { state: found.kind, email: "", displayName: "" };
}

type ActionData = { errors: FieldErrors };
const fail = (data: ActionData, status: number) => Response.json(data, { status, headers: { "Cache-Control": "no-store" } }) as unknown as ActionData;

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = invitationSchema.safeParse(formValues(await readForm(request, "shortForm")));
  if (!parsed.success) return fail({ errors: fieldErrors(parsed.error) }, 400);
  const result = await acceptStaffInvitation(params.token ?? "", parsed.data.password);
  switch (result.kind) {
    case "accepted":
      throw redirect(stepUrl(result.step, "/staff"), { headers: { "Set-Cookie": result.setCookie } });
    case "invalid-password":
      return fail({ errors: result.errors }, 400);
    case "expired":
      return fail({ errors: { form: ["auth.invitation.expired"] } }, 410);
    case "invalid":
      return fail({ errors: { form: ["auth.invitation.invalid"] } }, 404);
  }
}

export default function Invitation() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errors = actionData?.errors ?? {};
  if (data.state !== "valid" || errors.form) {
    const key = errors.form?.[0] ?? (data.state === "expired" ? "auth.invitation.expired" : "auth.invitation.invalid");
    return (
      <section className="staff-auth">
        <h1>{t("auth.invitation.title")}</h1>
        <p className="error" role="alert">
          {tKnown(t, key)}
        </p>
        <p>{t("auth.invitation.askAdmin")}</p>
        <p>
          <Link to="/staff/login">{t("auth.invitation.toSignIn")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="staff-auth">
      <h1>{t("auth.invitation.title")}</h1>
      <p>{t("auth.invitation.lead", { name: data.displayName })}</p>
      <dl className="facts">
        <dt>{t("auth.field.email")}</dt>
        <dd>{data.email}</dd>
      </dl>
      <Form method="post" noValidate className="signin-form">
        {/* For password managers: the account the new password belongs to. */}
        <input type="hidden" name="username" autoComplete="username" value={data.email} />
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
        <p className="hint">{t("auth.invitation.next")}</p>
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("auth.invitation.submit")}
        </button>
      </Form>
    </section>
  );
}
