import type { FieldMetadata } from "@conform-to/react";
import { useState } from "react";
import { localName, useLocale, useT } from "~/i18n";
import { translateError } from "./field";
import { useHydrated } from "./use-hydrated";

type Option = { code: string; nameZh: string; nameEn: string };
type Meta = FieldMetadata<unknown, Record<string, unknown>, string[]>;

/**
 * Province → city → county. Without JavaScript the "update" button posts the form back and the
 * server fills the next list; with JavaScript each choice loads the next list at once.
 */
export function PlacePicker(props: {
  /** The form's three fields (ids and names); a refusal of any of them shows on the province. */
  fields: { province: Meta; city: Meta; county: Meta };
  provinces: Option[];
  cities: Option[];
  counties: Option[];
  value: { province?: string; city?: string; county?: string };
}) {
  const t = useT();
  const locale = useLocale();
  const hydrated = useHydrated();
  const [province, setProvince] = useState(props.value.province ?? "");
  const [city, setCity] = useState(props.value.city ?? "");
  const [county, setCounty] = useState(props.value.county ?? "");
  const [cities, setCities] = useState(props.cities);
  const [counties, setCounties] = useState(props.counties);
  const { fields } = props;
  const errors = fields.province.errors ?? fields.county.errors ?? fields.city.errors;
  const errorId = fields.province.errorId;
  const invalid = errors?.length ? { "aria-invalid": true, "aria-describedby": errorId } : {};

  async function children(code: string): Promise<Option[]> {
    if (!code) return [];
    const res = await fetch(`/places/${code}.json`);
    return res.ok ? ((await res.json()) as Option[]) : [];
  }

  const options = (list: Option[]) => [
    <option key="" value="">
      {t("report.place.choose")}
    </option>,
    ...list.map((p) => (
      <option key={p.code} value={p.code}>
        {localName(locale, p)}
      </option>
    )),
  ];

  return (
    <fieldset className="place-picker">
      <legend>{t("report.section.where")}</legend>
      <p className="hint">{t("report.place.hint")}</p>
      <div className="row">
        <div className={errors?.length ? "field has-error" : "field"}>
          <label htmlFor={fields.province.id}>{t("report.province")}</label>
          <select
            id={fields.province.id}
            name={fields.province.name}
            value={province}
            {...invalid}
            onChange={async (e) => {
              setProvince(e.target.value);
              setCity("");
              setCounty("");
              setCounties([]);
              setCities(await children(e.target.value));
            }}
          >
            {options(props.provinces)}
          </select>
          {errors?.length ? (
            <p className="error" id={errorId} role="alert">
              {errors.map((e) => translateError(t, e)).join(" ")}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={fields.city.id}>{t("report.city")}</label>
          <select
            id={fields.city.id}
            name={fields.city.name}
            value={city}
            disabled={hydrated && cities.length === 0}
            onChange={async (e) => {
              setCity(e.target.value);
              setCounty("");
              setCounties(await children(e.target.value));
            }}
          >
            {options(cities)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={fields.county.id}>{t("report.county")}</label>
          <select id={fields.county.id} name={fields.county.name} value={county} disabled={hydrated && counties.length === 0} onChange={(e) => setCounty(e.target.value)}>
            {options(counties)}
          </select>
        </div>
      </div>
      {hydrated ? null : (
        <div className="noscript-place">
          <p className="hint">{t("report.place.noscript")}</p>
          <button type="submit" name="intent" value="refresh-places" formNoValidate className="button secondary">
            {t("report.place.refresh")}
          </button>
        </div>
      )}
    </fieldset>
  );
}
