import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formProps, useFormFor } from "~/components/form-kit";
import { NewPasswordFields } from "~/components/new-password-fields";
import { formErrorKey } from "~/components/staff-auth-errors";
import { invitationSchema, type InvitationFields } from "~/forms/staff-auth";
import { tKnown, useT } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { submitForm } from "~/lib/route-edge.server";
import { acceptStaffInvitation, findStaffInvitation } from "~/services/accept-staff-invitation.server";
import { stepUrl } from "~/services/sign-in-staff.server";

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

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request, "shortForm");
  return submitForm(
    form,
    invitationSchema,
    async ({ password }) => {
      const { setCookie, step } = await acceptStaffInvitation(params.token ?? "", password);
      return redirect(stepUrl(step, "/staff"), { headers: { "Set-Cookie": setCookie } });
    },
    { intent: "invitation", headers: { "Cache-Control": "no-store" } },
  );
}

export default function Invitation() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useFormFor<InvitationFields>("invitation", actionData);
  const navigation = useNavigation();
  const t = useT();
  // The link stopped working between showing the form and sending it: say why instead of the form.
  const refused = formErrorKey(form);
  if (data.state !== "valid" || refused) {
    const key = refused ?? (data.state === "expired" ? "auth.invitation.expired" : "auth.invitation.invalid");
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
      <Form method="post" {...formProps(form)} className="signin-form">
        {/* For password managers: the account the new password belongs to. */}
        <input type="hidden" name="username" autoComplete="username" value={data.email} />
        <NewPasswordFields password={fields.password} confirm={fields.confirm} />
        <p className="hint">{t("auth.invitation.next")}</p>
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("auth.invitation.submit")}
        </button>
      </Form>
    </section>
  );
}
