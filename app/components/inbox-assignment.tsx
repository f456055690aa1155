import { Link } from "@remix-run/react";
import { INBOX_VIEWS, type InboxView } from "~/domain/case-assignment";
import { useT } from "~/i18n";

/**
 * The inbox's views by officer in charge (issue 15): links that keep the other filters, so they
 * work without JavaScript. "My cases" is offered to agency officers only (supervisors take no case).
 */
export function InboxViews({ view, filters, officer }: { view: InboxView; filters: Record<string, string>; officer: boolean }) {
  const t = useT();
  const href = (v: InboxView) => {
    const p = new URLSearchParams(filters);
    p.delete("after");
    if (v === "all") p.delete("view");
    else p.set("view", v);
    const q = p.toString();
    return q ? `/staff/cases?${q}` : "/staff/cases";
  };
  return (
    <nav className="views" aria-label={t("assign.view.label")} data-testid="inbox-views">
      {INBOX_VIEWS.filter((v) => officer || v !== "mine").map((v) => (
        <Link key={v} to={href(v)} aria-current={v === view ? "page" : undefined} className={v === view ? "button primary" : "button"}>
          {t(`assign.view.${v}`)}
        </Link>
      ))}
    </nav>
  );
}

type Counts = { open: number; overdue: number; dueWeek: number };

/** The workload of the viewer's agency: one line per active officer, and one for the cases nobody is in charge of. */
export function WorkloadTable({ workload }: { workload: { officers: (Counts & { id: string; displayName: string })[]; unassigned: Counts } }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="workload-title">
      <h2 id="workload-title">{t("assign.workload.title")}</h2>
      <p className="hint">{t("assign.workload.lead")}</p>
      {workload.officers.length === 0 ? <p>{t("assign.workload.none")}</p> : null}
      <table className="list workload" data-testid="workload">
        <thead>
          <tr>
            <th scope="col">{t("assign.workload.officer")}</th>
            <th scope="col">{t("assign.workload.open")}</th>
            <th scope="col">{t("assign.workload.overdue")}</th>
            <th scope="col">{t("assign.workload.dueWeek")}</th>
          </tr>
        </thead>
        <tbody>
          {workload.officers.map((o) => (
            <tr key={o.id}>
              <th scope="row">{o.displayName}</th>
              <td data-label={t("assign.workload.open")}>{o.open}</td>
              <td data-label={t("assign.workload.overdue")} className={o.overdue > 0 ? "overdue" : undefined}>
                {o.overdue}
              </td>
              <td data-label={t("assign.workload.dueWeek")}>{o.dueWeek}</td>
            </tr>
          ))}
          <tr data-testid="workload-unassigned">
            <th scope="row">{t("assign.workload.unassigned")}</th>
            <td data-label={t("assign.workload.open")}>{workload.unassigned.open}</td>
            <td data-label={t("assign.workload.overdue")} className={workload.unassigned.overdue > 0 ? "overdue" : undefined}>
              {workload.unassigned.overdue}
            </td>
            <td data-label={t("assign.workload.dueWeek")}>{workload.unassigned.dueWeek}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
