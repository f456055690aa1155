import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { ActionNotice } from "~/components/action-notice";
import { rowFormId } from "~/components/decision-table";
import { CsrfInput, ErrorSummary, formProps, SelectField, StrayErrors, TextField, useFormFor } from "~/components/form-kit";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { addKeywordSchema, KEYWORD_PHRASE_MAX, KEYWORD_WEIGHT_MAX, KEYWORD_WEIGHT_MIN, removeKeywordSchema, type AddKeywordInput } from "~/forms/sector-keywords";
import { localName, useLocale, useT } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { intent, seeOther } from "~/lib/route-edge.server";
import { submitRowIntent } from "~/lib/row-forms.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { addSectorKeyword } from "~/services/admin-add-sector-keyword.server";
import { listSectorKeywords } from "~/services/admin-list-sector-keywords.server";
import { removeSectorKeyword } from "~/services/admin-remove-sector-keyword.server";

export const meta: MetaFunction = () => [{ title: "Canary — 行业关键词 / Sector keywords" }];

const DONE = ["added", "removed"] as const;

/** The sector classifier's keyword table: by sector, add a phrase with its weight, remove one. Same capability as the routing table. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_routing");
  const query = new URL(request.url).searchParams;
  const done = DONE.find((d) => d === query.get("done")) ?? null;
  const sectors = await listSectorKeywords();
  // The sector a phrase was just added to, so the confirmation links to its list.
  const addedTo = done === "added" ? (sectors.find((s) => s.code === query.get("sector")) ?? null) : null;
  return { csrf: staff.csrf, sectors, done, addedTo };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_routing");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const actor = { staffId: staff.staffId };
  return submitRowIntent(
    form,
    "id",
    {
      add: intent(addKeywordSchema, async (input) => {
        await addSectorKeyword(actor, input);
        return seeOther(`/staff/admin/keywords?done=added&sector=${encodeURIComponent(input.sectorCode)}#notice`);
      }),
      remove: intent(removeKeywordSchema, async ({ id }) => {
        await removeSectorKeyword(actor, id);
        return seeOther("/staff/admin/keywords?done=removed#notice");
      }),
    },
    { rowOptional: ["add"] },
  );
}

export default function Keywords() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const location = useLocation();
  const t = useT();
  const locale = useLocale();
  const busy = navigation.state === "submitting";
  const [form, fields] = useFormFor<AddKeywordInput>("add", actionData, { defaultValue: { weight: 2 } });
  const rows = data.sectors.flatMap((s) => s.keywords.map((k) => k.id));

  return (
    <>
      <p>
        <Link to="/staff/admin">{t("admin.title")}</Link>
      </p>
      <h1>{t("admin.keywords.title")}</h1>
      <ErrorSummary form={form} atTop />
      {data.done ? (
        <ActionNotice arrival={location.key}>
          {t(`admin.keywords.done.${data.done}`)}
          {data.addedTo ? (
            <>
              {" "}
              <a href={`#sector-${data.addedTo.code}`}>{t("admin.keywords.done.see", { sector: localName(locale, data.addedTo) })}</a>
            </>
          ) : null}
        </ActionNotice>
      ) : null}
      <StrayErrors actionData={actionData} shown={["add", ...rows.map((id) => rowFormId("remove", id))]} />
      <p>{t("admin.keywords.lead")}</p>

      <h2 id="add">{t("admin.keywords.add.title")}</h2>
      <Form method="post" {...formProps(form)}>
        <CsrfInput value={data.csrf} />
        <SelectField meta={fields.sectorCode} label={t("admin.keywords.sector")} choices={data.sectors.map((s) => ({ value: s.code, label: localName(locale, s) }))} choose={t("admin.choose")} />
        <TextField meta={fields.phrase} label={t("admin.keywords.phrase")} hint={t("admin.keywords.phrase.hint")} maxLength={KEYWORD_PHRASE_MAX} />
        <TextField meta={fields.weight} label={t("admin.keywords.weight")} hint={t("admin.keywords.weight.hint")} type="number" min={KEYWORD_WEIGHT_MIN} max={KEYWORD_WEIGHT_MAX} step={1} className="short" />
        <p>
          <button type="submit" name="intent" value="add" className="button primary" disabled={busy}>
            {t("admin.keywords.add.submit")}
          </button>
        </p>
      </Form>

      <nav aria-label={t("admin.keywords.jump")}>
        <p>
          {t("admin.keywords.jump")}
          {locale === "en" ? ": " : "："}
          {data.sectors.map((s, i) => (
            <span key={s.code}>
              {i > 0 ? " · " : null}
              <a href={`#sector-${s.code}`}>{localName(locale, s)}</a>
            </span>
          ))}
        </p>
      </nav>

      {data.sectors.map((s) => (
        <section key={s.code} aria-labelledby={`sector-${s.code}`}>
          <h2 id={`sector-${s.code}`}>
            {localName(locale, s)} <span className="hint">{t("admin.keywords.count", { count: s.keywords.length })}</span>
          </h2>
          {s.keywords.length === 0 ? (
            <p>{t("admin.keywords.empty")}</p>
          ) : (
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">{t("admin.keywords.col.phrase")}</th>
                  <th scope="col">{t("admin.keywords.col.weight")}</th>
                  <th scope="col">{t("admin.keywords.col.remove")}</th>
                </tr>
              </thead>
              <tbody>
                {s.keywords.map((k) => (
                  <tr key={k.id}>
                    <td lang={/[\u3400-\u9fff]/.test(k.phrase) ? "zh-CN" : "en"}>{k.phrase}</td>
                    <td>{k.weight}</td>
                    <td>
                      <Form method="post" id={rowFormId("remove", k.id)}>
                        <CsrfInput value={data.csrf} />
                        <input type="hidden" name="id" value={k.id} />
                        <button type="submit" name="intent" value="remove" className="button secondary" disabled={busy} aria-label={t("admin.keywords.removeLabel", { phrase: k.phrase })}>
                          {t("admin.keywords.remove")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
