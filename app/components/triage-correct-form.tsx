import type { CorrectInput } from "~/forms/triage";
import { localName, useLocale, useT } from "~/i18n";
import { CaseActionForm } from "./case-action-form";
import { CheckboxField, SelectField, TextareaField, TextField } from "./form-kit";

type Named = { code: string; nameZh: string; nameEn: string };
type Flags = { majorHazard: boolean; concealedAccident: boolean; deaths: number | null; officialsImplicated: boolean; implicatedPlaceCode: string | null };
type Implication = { officialsImplicated: boolean; implicatedPlaceCode: string | null };

const FLAG_KEYS = { majorHazard: "major_hazard", concealedAccident: "concealed_accident", officialsImplicated: "officials_implicated" } as const;

const on = (b: boolean) => (b ? "on" : undefined);

/**
 * The triage desk's correction of sector, place and flags. Clearing or narrowing the implicated
 * region needs a reason and a supervisor's approval (the form says so next to the reason field).
 */
export function CorrectForm({ data, csrf, actionData }: { data: { case: { sectorCode: string; placeCode: string; flags: Flags }; sectors: Named[] }; csrf: string; actionData: unknown }) {
  const t = useT();
  const locale = useLocale();
  const flags = data.case.flags;
  const defaultValue = {
    sectorCode: data.case.sectorCode,
    placeCode: data.case.placeCode,
    majorHazard: on(flags.majorHazard),
    concealedAccident: on(flags.concealedAccident),
    officialsImplicated: on(flags.officialsImplicated),
    deaths: flags.deaths === null ? undefined : String(flags.deaths),
    implicatedPlaceCode: flags.implicatedPlaceCode ?? undefined,
  };
  return (
    <CaseActionForm<CorrectInput> intent="correct" csrf={csrf} actionData={actionData} title={t("staff.case.correct")} submit={t("staff.case.correct.submit")} defaultValue={defaultValue}>
      {(f) => (
        <>
          <SelectField meta={f.sectorCode} label={t("staff.col.sector")} choices={data.sectors.map((s) => ({ value: s.code, label: localName(locale, s) }))} />
          <TextField meta={f.placeCode} inputMode="numeric" label={t("staff.filters.place")} hint={t("staff.filters.place.hint")} />
          {(["majorHazard", "concealedAccident", "officialsImplicated"] as const).map((k) => (
            <CheckboxField key={k} meta={f[k]} label={t(`staff.flag.${FLAG_KEYS[k]}`)} />
          ))}
          <TextField meta={f.deaths} type="number" min={0} className="short" label={t("report.deaths")} />
          <TextField meta={f.implicatedPlaceCode} inputMode="numeric" label={t("report.implicatedLevel")} />
          <TextareaField meta={f.implicationReason} rows={2} maxLength={1000} label={t("triage.implication.reason")} hint={t("triage.implication.reason.hint")} />
        </>
      )}
    </CaseActionForm>
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
