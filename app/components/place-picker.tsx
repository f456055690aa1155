import { useState } from "react";
import { localName, useLocale, useT } from "~/i18n";
import { describedBy, Field } from "./field";
import { useHydrated } from "./use-hydrated";

type Option = { code: string; nameZh: string; nameEn: string };

/**
 * Province → city → county. Without JavaScript the "update" button posts the form back and the
 * server fills the next list; with JavaScript each choice loads the next list at once.
 */
export function PlacePicker(props: {
  provinces: Option[];
  cities: Option[];
  counties: Option[];
  value: { province?: string; city?: string; county?: string };
  errors?: string[];
}) {
  const t = useT();
  const locale = useLocale();
  const hydrated = useHydrated();
  const [province, setProvince] = useState(props.value.province ?? "");
  const [city, setCity] = useState(props.value.city ?? "");
  const [county, setCounty] = useState(props.value.county ?? "");
  const [cities, setCities] = useState(props.cities);
  const [counties, setCounties] = useState(props.counties);

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
        <Field id="province" label={t("report.province")} errors={props.errors}>
          <select
            id="province"
            name="province"
            value={province}
            {...describedBy("province", { errors: props.errors })}
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
        </Field>
        <Field id="city" label={t("report.city")}>
          <select
            id="city"
            name="city"
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
        </Field>
        <Field id="county" label={t("report.county")}>
          <select id="county" name="county" value={county} disabled={hydrated && counties.length === 0} onChange={(e) => setCounty(e.target.value)}>
            {options(counties)}
          </select>
        </Field>
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
