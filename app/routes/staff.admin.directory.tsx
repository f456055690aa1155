import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminErrorBoundary, ErrorSummary, ReasonField } from "~/components/admin-form";
import { describedBy, Field } from "~/components/field";
import { describeDirectoryError, type DirectoryError } from "~/domain/agency-directory-errors";
import { directoryImportSchema, formValues, parseForm, type FieldErrors } from "~/forms/admin";
import { useT } from "~/i18n";
import { FILE_LIMITS, readFormWithFile, sizeLabel } from "~/lib/request-body.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { importAgencyDirectory } from "~/services/admin-import-agencies.server";

export const meta: MetaFunction = () => [{ title: "Canary — 承办单位名录 / Agency directory" }];

const FILE_FIELD = "file";
const COUNTS = ["added", "changed", "deactivated", "unchanged"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_agencies");
  const url = new URL(request.url);
  // After an import (post/redirect/get): the counts, to say what it did.
  const done =
    url.searchParams.get("done") === "imported" ? Object.fromEntries(COUNTS.map((c) => [c, Math.max(0, Number(url.searchParams.get(c)) || 0)])) as Record<(typeof COUNTS)[number], number> : null;
  return { csrf: staff.csrf, done, fileLimit: sizeLabel(FILE_LIMITS.directory) };
}

type ActionData = { values: Record<string, string>; errors: FieldErrors; fileErrors: DirectoryError[]; truncated: boolean };
const refused = (data: Partial<ActionData> & { values: Record<string, string> }, status = 400): Response =>
  Response.json({ errors: {}, fileErrors: [], truncated: false, ...data } satisfies ActionData, { status });

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_agencies");
  const { form, file } = await readFormWithFile(request, "directoryImport", FILE_FIELD, FILE_LIMITS.directory);
  verifyStaffCsrf(staff, form);
  const values = formValues(form);
  const parsed = parseForm(directoryImportSchema, values);
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  if (file.tooLarge) errors[FILE_FIELD] = [`admin.directory.errors.fileTooLarge`];
  else if (!file.bytes) errors[FILE_FIELD] = ["admin.directory.errors.fileMissing"];
  if (!parsed.ok || !file.bytes) return refused({ values, errors });
  const r = await importAgencyDirectory({ staffId: staff.staffId }, { csv: file.bytes, deactivateMissing: parsed.data.deactivateMissing, reason: parsed.data.reason });
  if (!r.ok) return refused({ values, fileErrors: r.errors, truncated: r.truncated }, r.status);
  const query = new URLSearchParams({ done: "imported", ...Object.fromEntries(COUNTS.map((c) => [c, String(r[c])])) });
  return new Response(null, { status: 303, headers: { Location: `/staff/admin/directory?${query}` } });
}

export default function AgencyDirectory() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const t = useT();
  const errors: FieldErrors = actionData?.errors ?? {};
  const fileErrors = actionData?.fileErrors ?? [];
  const values = actionData?.values ?? null;
  const fileFieldErrors = errors[FILE_FIELD]?.map((e) => (e === "admin.directory.errors.fileTooLarge" ? t(e, { limit: data.fileLimit }) : e));
  const { [FILE_FIELD]: _file, ...otherErrors } = errors;
  const refusedAtAll = !!actionData;
  const done = data.done;

  return (
    <>
      <p>
        <Link to="/staff/admin">{t("admin.title")}</Link> · <Link to="/staff/admin/agencies">{t("admin.agencies.title")}</Link>
      </p>
      <h1>{t("admin.directory.title")}</h1>
      <p>{t("admin.directory.lead")}</p>
      {done && !refusedAtAll ? (
        <p className="notice" role="status">
          {done.added + done.changed + done.deactivated === 0 ? t("admin.directory.done.nothing") : t("admin.directory.done", done)}
        </p>
      ) : null}

      <h2>{t("admin.directory.export.title")}</h2>
      <p>
        <a href="/staff/admin/directory.csv" download className="button secondary">
          {t("admin.directory.export.link")}
        </a>
      </p>
      <p className="hint">{t("admin.directory.export.hint")}</p>

      <h2 id="import">{t("admin.directory.import.title")}</h2>
      <p>{t("admin.directory.import.columns")}</p>
      <p>{t("admin.directory.import.rule")}</p>
      {fileErrors.length > 0 ? (
        <div className="error-summary" role="alert" tabIndex={-1} id="file-errors">
          <p>{t("admin.directory.refused", { count: fileErrors.length })}</p>
          <ul>
            {fileErrors.map((e, i) => (
              <li key={i}>{describeDirectoryError(t, e)}</li>
            ))}
          </ul>
          {actionData?.truncated ? <p>{t("admin.directory.refused.truncated", { count: fileErrors.length })}</p> : null}
        </div>
      ) : (
        <ErrorSummary errors={{ ...otherErrors, ...(fileFieldErrors ? { [FILE_FIELD]: fileFieldErrors } : {}) }} />
      )}
      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="csrf" value={data.csrf} />
        {refusedAtAll ? (
          <p className="notice" role="status">
            {t("admin.directory.chooseAgain")}
          </p>
        ) : null}
        <Field id={FILE_FIELD} label={t("admin.directory.file")} hint={t("admin.directory.file.hint", { limit: data.fileLimit })} errors={fileFieldErrors}>
          <input id={FILE_FIELD} name={FILE_FIELD} type="file" accept=".csv,text/csv" required {...describedBy(FILE_FIELD, { hint: true, errors: fileFieldErrors })} />
        </Field>
        <div className="field">
          <label>
            <input type="checkbox" name="deactivateMissing" defaultChecked={values?.deactivateMissing === "on"} aria-describedby="deactivateMissing-hint" />{" "}
            {t("admin.directory.deactivateMissing")}
          </label>
          <p className="hint" id="deactivateMissing-hint">
            {t("admin.directory.deactivateMissing.hint")}
          </p>
        </div>
        <ReasonField id="reason" errors={errors.reason} defaultValue={values?.reason ?? ""} />
        <p>
          <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
            {t("admin.directory.submit")}
          </button>
        </p>
      </Form>
    </>
  );
}

export { AdminErrorBoundary as ErrorBoundary };
