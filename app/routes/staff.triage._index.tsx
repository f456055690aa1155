import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Flags } from "~/components/case-view";
import { TriageNotice } from "~/components/triage-decisions";
import { noticeSchema, queueFiltersSchema } from "~/forms/triage";
import { localName, tKnown, useLocale, useT } from "~/i18n";
import { daysBetween, localDate } from "~/domain/working-days";
import { env } from "~/lib/env.server";
import { requireCapability } from "~/lib/staff-session.server";
import { listSectors } from "~/services/list-sectors.server";
import { listTriageQueue } from "~/services/triage-queue.server";

export const meta: MetaFunction = () => [{ title: "Canary — 受理队列 / Triage" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "triage.view_queue");
  const url = new URL(request.url);
  const raw: Record<string, string | string[]> = { ...Object.fromEntries(url.searchParams), flag: url.searchParams.getAll("flag") };
  const parsed = queueFiltersSchema.safeParse(raw);
  const f = parsed.success ? parsed.data : { flag: [] as never[] };
  const queue = await listTriageQueue(staff, { sector: f.sector, place: f.place, flags: f.flag, minAgeDays: f.minAge, q: f.q, sort: f.sort, after: f.after });
  const notice = noticeSchema.safeParse(Object.fromEntries(url.searchParams));
  return { queue, sectors: await listSectors(), filters: raw, sort: f.sort ?? "urgency", today: localDate(new Date(), env().timeZone), notice: notice.success ? notice.data : null };
}

const FLAGS = ["major_hazard", "concealed_accident", "officials_implicated", "captcha_unverified"] as const;

export default function TriageQueue() {
  const { queue, sectors, filters, sort, today, notice } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) {
    // The page after this one, with the same filters (not the last decision's notice).
    if (k === "after" || k === "done" || k === "ref" || k === "none") continue;
    if (Array.isArray(v)) v.forEach((x) => params.append(k, x));
    else if (v) params.set(k, String(v));
  }
  if (queue.next) params.set("after", queue.next);
  return (
    <div className="wide-page">
      <h1>{t("staff.triage.title")}</h1>
      {notice ? <TriageNotice notice={notice} /> : null}
      <p>{t(sort === "oldest" ? "queue.lead.oldest" : "queue.lead")}</p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="f-sort">{t("queue.sort")}</label>
          <select id="f-sort" name="sort" defaultValue={sort}>
            <option value="urgency">{t("queue.sort.urgency")}</option>
            <option value="oldest">{t("queue.sort.oldest")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-sector">{t("staff.filters.sector")}</label>
          <select id="f-sector" name="sector" defaultValue={String(filters.sector ?? "")}>
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
          <input id="f-place" name="place" inputMode="numeric" size={8} defaultValue={String(filters.place ?? "")} title={t("staff.filters.place.hint")} />
        </div>
        <div className="field">
          <label htmlFor="f-minAge">{t("staff.filters.minAge")}</label>
          <input id="f-minAge" name="minAge" type="number" min={0} className="short" defaultValue={String(filters.minAge ?? "")} />
        </div>
        <div className="field">
          <label htmlFor="f-q">{t("staff.filters.q")}</label>
          <input id="f-q" name="q" defaultValue={String(filters.q ?? "")} />
        </div>
        <fieldset className="inline-flags">
          <legend>{t("staff.filters.flags")}</legend>
          {FLAGS.map((f) => (
            <label key={f} className="check">
              <input type="checkbox" name="flag" value={f} defaultChecked={(filters.flag as string[]).includes(f)} /> {t(`staff.flag.${f}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button primary">
          {t("staff.filters.apply")}
        </button>
        <Link to="/staff/triage">{t("staff.filters.clear")}</Link>
      </Form>
      {queue.rows.length === 0 ? (
        <p>{t("staff.triage.empty")}</p>
      ) : (
        <table className="list triage-queue" data-testid="triage-queue">
          <thead>
            <tr>
              <th>{t("staff.col.reference")}</th>
              <th>{t("queue.col.snippet")}</th>
              <th>{t("staff.col.age")}</th>
              <th>{t("staff.col.due")}</th>
              <th>{t("staff.col.sector")}</th>
              <th>{t("staff.col.place")}</th>
              <th>{t("staff.col.company")}</th>
              <th>{t("staff.col.flags")}</th>
              <th>{t("staff.col.files")}</th>
            </tr>
          </thead>
          <tbody>
            {queue.rows.map((r) => (
              <tr key={r.reference} className={r.claim && !r.claim.mine ? "claimed" : undefined}>
                <td data-label={t("staff.col.reference")}>
                  <Link to={`/staff/triage/${r.reference}`}>{r.reference}</Link>
                  {r.state !== "submitted" ? <span className="badge">{tKnown(t, `staff.state.${r.state}`)}</span> : null}
                  {r.news ? (
                    <span className="badge" data-testid="row-news">
                      {t("news.badge.unread")}
                    </span>
                  ) : null}
                  {r.claim ? (
                    <span className="claim-by" data-testid="row-claim">
                      {r.claim.mine ? t("queue.claim.mine", { since: r.claim.since }) : t("queue.claim.by", { name: r.claim.displayName, since: r.claim.since })}
                    </span>
                  ) : null}
                </td>
                <td className="snippet" data-label={t("queue.col.snippet")}>
                  {r.snippet}
                </td>
                <td data-label={t("staff.col.age")}>{t("staff.days", { n: daysBetween(r.submittedOn, today) })}</td>
                <td data-label={t("staff.col.due")} className={r.dueOn && r.dueOn < today ? "overdue" : undefined}>
                  {r.dueOn ?? "—"}
                  {r.dueOn && r.dueOn < today ? ` · ${t("staff.overdue")}` : ""}
                </td>
                <td data-label={t("staff.col.sector")}>{localName(locale, r.sector)}</td>
                <td data-label={t("staff.col.place")}>{localName(locale, r.place)}</td>
                <td data-label={t("staff.col.company")}>{r.companyName ?? ""}</td>
                <td data-label={t("staff.col.flags")}>
                  <Flags flags={r.flags} captchaUnverified={r.flags.captchaUnverified} />
                  {r.deaths ? <span className="badge alert">{t("queue.deaths", { n: r.deaths })}</span> : null}
                </td>
                <td data-label={t("staff.col.files")}>{r.attachments || ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {queue.next ? (
        <p>
          <Link to={`/staff/triage?${params.toString()}`}>{t("staff.next")}</Link>
        </p>
      ) : null}
    </div>
  );
}
