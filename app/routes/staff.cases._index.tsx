import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { queueFiltersSchema } from "~/forms/triage";
import { localName, tKnown, useLocale, useT } from "~/i18n";
import { localDate } from "~/domain/working-days";
import { env } from "~/lib/env.server";
import { requireCapability } from "~/lib/staff-session.server";
import { INBOX_STATES } from "~/domain/case-state";
import { listAgencyInbox } from "~/services/agency-inbox.server";
import { listSectors } from "~/services/list-sectors.server";
// The officer in charge (承办人, issue 15): views and workload.
import { InboxViews, WorkloadTable } from "~/components/inbox-assignment";
import { inboxView } from "~/domain/case-assignment";
import { agencyWorkload } from "~/services/case-assignment.server";

export const meta: MetaFunction = () => [{ title: "Canary — 本单位案件 / Our cases" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "case.view_assigned");
  const url = new URL(request.url);
  const raw: Record<string, string> = Object.fromEntries(url.searchParams);
  const parsed = queueFiltersSchema.safeParse({ ...raw, flag: [] });
  const f = parsed.success ? parsed.data : { flag: [] };
  const view = inboxView(raw.view);
  const [inbox, workload] = await Promise.all([listAgencyInbox(staff, { state: f.state, sector: f.sector, place: f.place, q: f.q, after: f.after, view }), agencyWorkload(staff)]);
  return { inbox, view, workload, officer: staff.role === "agency_officer", sectors: await listSectors(), filters: raw, today: localDate(new Date(), env().timeZone) };
}

export default function AgencyInbox() {
  const { inbox, view, workload, officer, sectors, filters, today } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const next = new URLSearchParams({ ...filters });
  if (inbox.next) next.set("after", inbox.next);
  return (
    <div className="wide-page">
      <h1>{t("staff.inbox.title")}</h1>
      <p>{t("staff.inbox.lead")}</p>
      <InboxViews view={view} filters={filters} officer={officer} />
      <Form method="get" className="filters">
        {view !== "all" ? <input type="hidden" name="view" value={view} /> : null}
        <div className="field">
          <label htmlFor="f-state">{t("staff.filters.state")}</label>
          <select id="f-state" name="state" defaultValue={filters.state ?? ""}>
            {/* Without a state the inbox is the open work; closed cases are one choice away. */}
            <option value="">{t("staff.filters.anyOpen")}</option>
            {INBOX_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`staff.state.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-sector">{t("staff.filters.sector")}</label>
          <select id="f-sector" name="sector" defaultValue={filters.sector ?? ""}>
            <option value="">{t("staff.filters.any")}</option>
            {sectors.map((s) => (
              <option key={s.code} value={s.code}>
                {localName(locale, s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-place">{t("staff.filters.place")}</label>
          <input id="f-place" name="place" inputMode="numeric" size={8} defaultValue={filters.place ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="f-q">{t("staff.filters.q")}</label>
          <input id="f-q" name="q" defaultValue={filters.q ?? ""} />
        </div>
        <button type="submit" className="button primary">
          {t("staff.filters.apply")}
        </button>
        <Link to="/staff/cases">{t("staff.filters.clear")}</Link>
        <a href="/staff/cases.csv" download>
          {t("staff.inbox.export")}
        </a>
      </Form>
      {inbox.rows.length === 0 ? (
        <p>{t("staff.inbox.empty")}</p>
      ) : (
        <table className="list case-inbox" data-testid="agency-inbox">
          <thead>
            <tr>
              <th>{t("staff.col.reference")}</th>
              <th>{t("staff.col.state")}</th>
              <th>{t("staff.col.assignedOn")}</th>
              <th>{t("staff.col.due")}</th>
              <th>{t("staff.col.sector")}</th>
              <th>{t("staff.col.place")}</th>
              <th>{t("staff.col.company")}</th>
              <th>{t("staff.col.agency")}</th>
              <th>{t("assign.col.officer")}</th>
            </tr>
          </thead>
          <tbody>
            {inbox.rows.map((r) => (
              <tr key={r.reference}>
                <td data-label={t("staff.col.reference")}>
                  <Link to={`/staff/cases/${r.reference}`}>{r.reference}</Link>
                  {r.majorHazard ? <span className="badge alert">{t("staff.flag.major_hazard")}</span> : null}
                  {r.contributing ? <span className="badge" data-testid="contributing">{t("staff.inbox.contributing")}</span> : null}
                  {r.news ? <span className="badge">{t("news.badge.unread")}</span> : null}
                </td>
                <td data-label={t("staff.col.state")}>{tKnown(t, `staff.state.${r.state}`)}</td>
                <td data-label={t("staff.col.assignedOn")}>{r.assignedOn}</td>
                <td data-label={t("staff.col.due")} className={r.dueOn && r.dueOn < today ? "overdue" : undefined}>
                  {r.dueOn ?? "—"}
                  {r.dueOn && r.dueOn < today ? ` · ${t("staff.overdue")}` : ""}
                </td>
                <td data-label={t("staff.col.sector")}>{localName(locale, r.sector)}</td>
                <td data-label={t("staff.col.place")}>{localName(locale, r.place)}</td>
                <td data-label={t("staff.col.company")}>{r.companyName ?? ""}</td>
                <td data-label={t("staff.col.agency")}>{r.agency?.nameZh ? localName(locale, r.agency as { nameZh: string; nameEn: string }) : ""}</td>
                <td data-label={t("assign.col.officer")} data-testid="officer">{r.officerName ?? (r.state === "assigned" ? "" : t("assign.unassigned"))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {inbox.next ? (
        <p>
          <Link to={`/staff/cases?${next.toString()}`}>{t("staff.next")}</Link>
        </p>
      ) : null}
      <WorkloadTable workload={workload} />
    </div>
  );
}
