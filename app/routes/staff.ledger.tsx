import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/form-kit";
import { can } from "~/domain/permissions";
import { useT } from "~/i18n";
import { db } from "~/lib/db.server";
import { verifyLedger } from "~/lib/ledger.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { ledgerSummary } from "~/services/ledger-summary.server";
import { readForm } from "~/lib/request-body.server";

/** The auditor's page: the size of the ledger, and the same integrity check as `npm run ledger:verify`. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "ledger.read");
  return { counts: await ledgerSummary(), csrf: staff.csrf, canVerify: can(staff.role, "ledger.verify") };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "ledger.verify");
  verifyStaffCsrf(staff, await readForm(request, "shortForm"));
  const started = Date.now();
  const result = await verifyLedger(db());
  return { ...result, ms: Date.now() - started };
}

export default function LedgerPage() {
  const { counts, csrf, canVerify } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("staff.ledger.title")}</h1>
      <p>{t("staff.ledger.counts", { entries: counts.entries, chains: counts.chains, anchors: counts.anchors })}</p>
      {canVerify ? (
        <Form method="post">
          <CsrfInput value={csrf} />
          <button type="submit" className="button primary">
            {t("staff.ledger.verify")}
          </button>
        </Form>
      ) : null}
      {result ? (
        result.problem ? (
          <p className="error" role="alert" data-testid="ledger-result">
            {t("staff.ledger.broken", { problem: JSON.stringify(result.problem) })}
          </p>
        ) : (
          <p className="notice" role="status" data-testid="ledger-result">
            {t("staff.ledger.intact", { entries: result.entries, chains: result.chains, anchors: result.anchors, ms: result.ms })}
          </p>
        )
      ) : null}
    </>
  );
}
