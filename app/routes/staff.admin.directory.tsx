import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Reason } from "~/components/admin-form";
import { CheckboxField, CsrfInput, ErrorSummary, FileField, formProps, useFormFor } from "~/components/form-kit";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { describeDirectoryError, type DirectoryError } from "~/domain/agency-directory-errors";
import { CSV_ACCEPT } from "~/forms/attachments";
import { directoryImportSchema } from "~/forms/admin";
import { useT } from "~/i18n";
import { encodeMessage } from "~/lib/app-error";
import { answerWith } from "~/lib/form-answer.server";
import { seeOther, submitForm } from "~/lib/route-edge.server";
import { FILE_LIMITS, readFormWithFile, sizeLabel } from "~/lib/request-body.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { DirectoryRefused, importAgencyDirectory } from "~/services/admin-import-agencies.server";

export const meta: MetaFunction = () => [{ title: "Canary — 承办单位名录 / Agency directory" }];

const FILE_FIELD = "file";
// Not "import": that is the id of the section heading (a control names its form by id).
const FORM = "directoryImport";
const COUNTS = ["added", "changed", "deactivated", "unchanged"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_agencies");
  const url = new URL(request.url);
  // After an import (post/redirect/get): the counts, to say what it did.
  const done =
    url.searchParams.get("done") === "imported" ? Object.fromEntries(COUNTS.map((c) => [c, Math.max(0, Number(url.searchParams.get(c)) || 0)])) as Record<(typeof COUNTS)[number], number> : null;
  return { csrf: staff.csrf, done, fileLimit: sizeLabel(FILE_LIMITS.directory) };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_agencies");
  const { form, file } = await readFormWithFile(request, "directoryImport", FILE_FIELD, FILE_LIMITS.directory);
  verifyStaffCsrf(staff, form);
  // The file travels beside the fields: its problem is one more field error, refused with the others.
  const fileProblem = file.tooLarge
    ? encodeMessage("admin.directory.errors.fileTooLarge", { limit: sizeLabel(FILE_LIMITS.directory) })
    : file.bytes
      ? null
      : "admin.directory.errors.fileMissing";
  const schema = directoryImportSchema.extend({
    // The file's state stands in for the (absent) field, so it is checked whatever else fails.
    [FILE_FIELD]: z.preprocess(() => fileProblem ?? "present", z.literal("present", { error: fileProblem ?? "" })),
  });
  const said: { refused?: { fileErrors: DirectoryError[]; truncated: boolean } } = {};
  const answer = await submitForm(
    form,
    schema,
    async ({ deactivateMissing, reason }) => {
      try {
        const counts = await importAgencyDirectory({ staffId: staff.staffId }, { csv: file.bytes ?? Buffer.alloc(0), deactivateMissing, reason });
        return seeOther(`/staff/admin/directory?${new URLSearchParams({ done: "imported", ...Object.fromEntries(COUNTS.map((c) => [c, String(counts[c])])) })}`);
      } catch (e) {
        // The file's problems, line by line, beside the refusal.
        if (e instanceof DirectoryRefused) said.refused = { fileErrors: e.errors, truncated: e.truncated };
        throw e;
      }
    },
    { intent: FORM },
  );
  return answerWith(answer, said.refused);
}

export default function AgencyDirectory() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const [form, fields] = useFormFor<{ deactivateMissing: boolean; reason: string; file: unknown }>(FORM, actionData);
  const refused = actionData && "fileErrors" in actionData ? actionData : null;
  const fileErrors: DirectoryError[] = refused?.fileErrors ?? [];
  const done = data.done;

  return (
    <>
      <p>
        <Link to="/staff/admin">{t("admin.title")}</Link> · <Link to="/staff/admin/agencies">{t("admin.agencies.title")}</Link>
      </p>
      <h1>{t("admin.directory.title")}</h1>
      <p>{t("admin.directory.lead")}</p>
      {done && !actionData ? (
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
          {refused?.truncated ? <p>{t("admin.directory.refused.truncated", { count: fileErrors.length })}</p> : null}
        </div>
      ) : (
        <ErrorSummary form={form} />
      )}
      <Form method="post" encType="multipart/form-data" {...formProps(form)}>
        <CsrfInput value={data.csrf} />
        {actionData ? (
          <p className="notice" role="status">
            {t("admin.directory.chooseAgain")}
          </p>
        ) : null}
        <FileField meta={fields.file} label={t("admin.directory.file")} hint={t("admin.directory.file.hint", { limit: data.fileLimit })} accept={CSV_ACCEPT} multiple={false} required />
        <CheckboxField meta={fields.deactivateMissing} label={t("admin.directory.deactivateMissing")} hint={t("admin.directory.deactivateMissing.hint")} />
        <Reason meta={fields.reason} />
        <p>
          <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
            {t("admin.directory.submit")}
          </button>
        </p>
      </Form>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
