import { Form, Link } from "@remix-run/react";
import { FINDINGS } from "~/domain/outcomes";
import type { PlaceChoice } from "~/domain/place-choice";
import { localName, type Locale, type Translate } from "~/i18n";
import type { OutcomeFilter } from "~/services/published-outcomes.server";
import { PlacePicker, type PlacePickerLabels } from "./place-picker";

type Option = { code: string; nameZh: string; nameEn: string };

/** A place picker field for a GET form: plain names, no refusal to show. */
const pickerField = (name: "province" | "city" | "county", idPrefix: string) => ({ id: `${idPrefix}-${name}`, name, errorId: `${idPrefix}-${name}-error`, errors: undefined });

export function placePickerFields(idPrefix: string) {
  return { province: pickerField("province", idPrefix), city: pickerField("city", idPrefix), county: pickerField("county", idPrefix) };
}

/** The picker's texts from the outcomes catalogue (a public page gets only the keys of its prefix; /open-data has its own). */
export function outcomesPickerLabels(t: Translate, legend: string): PlacePickerLabels {
  return {
    legend,
    province: t("outcomes.place.province"),
    city: t("outcomes.place.city"),
    county: t("outcomes.place.county"),
    choose: t("outcomes.place.any"),
    noscript: t("outcomes.place.noscript"),
    refresh: t("outcomes.place.refresh"),
  };
}

/**
 * The filters of /outcomes, folded away on a phone once read (a <details>: no JavaScript needed),
 * open while a filter is set. The place is chosen by name (province → city → county), as on the
 * report form.
 */
export function OutcomeFilters(props: { filter: OutcomeFilter; choice: PlaceChoice; sectors: Option[]; places: { provinces: Option[]; cities: Option[]; counties: Option[] }; t: Translate; locale: Locale }) {
  const { filter, choice, sectors, places, t, locale } = props;
  const active = Object.values(filter).some((v) => v !== undefined);
  return (
    <details className="filters-box" open={active}>
      <summary>
        {t("outcomes.filter.title")} {active ? t("outcomes.filter.active") : null}
      </summary>
      {/* Remounted when the filter changes, so that "clear" empties the lists with JavaScript too. */}
      <Form method="get" className="filters" key={JSON.stringify(filter)}>
        <div className="field">
          <label htmlFor="o-sector">{t("outcomes.filter.sector")}</label>
          <select id="o-sector" name="sector" defaultValue={filter.sector ?? ""}>
            <option value="">{t("outcomes.filter.any")}</option>
            {sectors.map((s) => (
              <option key={s.code} value={s.code}>
                {localName(locale, s)}
              </option>
            ))}
          </select>
        </div>
        <PlacePicker fields={placePickerFields("o")} {...places} value={choice} labels={outcomesPickerLabels(t, t("outcomes.filter.place"))} />
        <div className="row">
          <div className="field">
            <label htmlFor="o-finding">{t("outcomes.filter.finding")}</label>
            <select id="o-finding" name="finding" defaultValue={filter.finding ?? ""}>
              <option value="">{t("outcomes.filter.any")}</option>
              {FINDINGS.map((f) => (
                <option key={f} value={f}>
                  {t(`outcomes.finding.${f}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="o-from">{t("outcomes.filter.from")}</label>
            <input id="o-from" name="from" type="date" defaultValue={filter.from ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="o-to">{t("outcomes.filter.to")}</label>
            <input id="o-to" name="to" type="date" defaultValue={filter.to ?? ""} />
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="button primary">
            {t("outcomes.filter.apply")}
          </button>
          <Link to="/outcomes">{t("outcomes.filter.clear")}</Link>
        </div>
      </Form>
    </details>
  );
}
