import type { ReactNode } from "react";
import { Form } from "@remix-run/react";
import { Field } from "~/components/field";
import { localName, useLocale, useT } from "~/i18n";

type Named = { code: string; nameZh: string; nameEn: string };
type Flags = { majorHazard: boolean; concealedAccident: boolean; deaths: number | null; officialsImplicated: boolean; implicatedPlaceCode: string | null };
type Implication = { officialsImplicated: boolean; implicatedPlaceCode: string | null };

const FLAG_KEYS = { majorHazard: "major_hazard", concealedAccident: "concealed_accident", officialsImplicated: "officials_implicated" } as const;

/**
 * The triage desk's correction of sector, place and flags. Clearing or narrowing the implicated
 * region needs a reason and a supervisor's approval (the form says so next to the reason field).
 */
export function CorrectForm({
  data,
  csrf,
  errors,
  values,
  formError,
}: {
  data: { case: { sectorCode: string; placeCode: string; flags: Flags }; sectors: Named[] };
  csrf: string;
  errors: Record<string, string[] | undefined>;
  values: Record<string, string | undefined>;
  formError: ReactNode;
}) {
  const t = useT();
  const locale = useLocale();
  const kept = Object.keys(values).length > 0;
  return (
    <section className="card">
      <h2>{t("staff.case.correct")}</h2>
      {formError}
      <Form method="post">
        <input type="hidden" name="csrf" value={csrf} />
        <Field id="sectorCode" label={t("staff.col.sector")} errors={errors.sectorCode}>
          <select id="sectorCode" name="sectorCode" defaultValue={values.sectorCode ?? data.case.sectorCode}>
            {data.sectors.map((s) => (
              <option key={s.code} value={s.code}>
                {localName(locale, s)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="placeCode" label={t("staff.filters.place")} hint={t("staff.filters.place.hint")} errors={errors.placeCode}>
          <input id="placeCode" name="placeCode" inputMode="numeric" defaultValue={values.placeCode ?? data.case.placeCode} />
        </Field>
        {(["majorHazard", "concealedAccident", "officialsImplicated"] as const).map((f) => (
          <div className="check" key={f}>
            <input type="checkbox" id={`c-${f}`} name={f} defaultChecked={kept ? values[f] === "on" : data.case.flags[f]} />
            <label htmlFor={`c-${f}`}>{t(`staff.flag.${FLAG_KEYS[f]}`)}</label>
          </div>
        ))}
        <Field id="c-deaths" label={t("report.deaths")} errors={errors.deaths}>
          <input id="c-deaths" name="deaths" type="number" min={0} className="short" defaultValue={values.deaths ?? data.case.flags.deaths ?? ""} />
        </Field>
        <Field id="implicatedPlaceCode" label={t("report.implicatedLevel")} errors={errors.implicatedPlaceCode}>
          <input id="implicatedPlaceCode" name="implicatedPlaceCode" inputMode="numeric" defaultValue={values.implicatedPlaceCode ?? data.case.flags.implicatedPlaceCode ?? ""} />
        </Field>
        <Field id="implicationReason" label={t("triage.implication.reason")} hint={t("triage.implication.reason.hint")} errors={errors.implicationReason}>
          <textarea id="implicationReason" name="implicationReason" rows={2} maxLength={1000} defaultValue={values.implicationReason ?? ""} />
        </Field>
        <button type="submit" name="intent" value="correct" className="button">
          {t("staff.case.correct.submit")}
        </button>
      </Form>
    </section>
  );
}

/** The notice that a request to clear or narrow the implication awaits a supervisor. */
export function PendingImplicationChange({
  request,
}: {
  request: { payload: { from: Implication; to: Implication }; placeNames: Record<string, { nameZh: string; nameEn: string }>; reason: string; requestedBy: string; requestedOn: string };
}) {
  const t = useT();
  const locale = useLocale();
  const region = (i: Implication) => {
    const code = i.implicatedPlaceCode;
    if (!code) return t("approvals.none");
    const name = request.placeNames[code];
    return name ? localName(locale, name) : code;
  };
  return (
    <p className="notice" role="status" data-testid="implication-pending">
      {t("triage.implication.pending", {
        from: region(request.payload.from),
        to: region(request.payload.to),
        reason: request.reason.trim(),
        by: request.requestedBy,
        date: request.requestedOn,
      })}
    </p>
  );
}
