import type { FieldMetadata } from "@conform-to/react";
import { useEffect, useState } from "react";
import { localName, useLocale, useT } from "~/i18n";
import { translateError } from "./field";
import { useHydrated, valueBeforeHydration } from "./use-hydrated";

type Option = { code: string; nameZh: string; nameEn: string };
type Meta = FieldMetadata<unknown, Record<string, unknown>, string[]>;
/** A list's id and name and its refusal: a conform field, or a plain one (a GET filter form). */
type PlaceField = Pick<Meta, "id" | "errorId"> & { name: string; errors?: string[] | undefined };

/** The picker's texts, in the catalogue of the page that shows it (each page gets its own keys). */
export type PlacePickerLabels = { legend: string; hint?: string; province: string; city: string; county: string; choose: string; noscript: string; refresh: string };

/**
 * Province → city → county. Without JavaScript the "update" button posts the form back and the
 * server fills the next list; with JavaScript each choice loads the next list at once.
 */
export function PlacePicker(props: {
  /** The form's three fields (ids and names); a refusal of any of them shows on the province. */
  fields: { province: PlaceField; city: PlaceField; county: PlaceField };
  provinces: Option[];
  cities: Option[];
  counties: Option[];
  value: { province?: string; city?: string; county?: string };
  /** Texts other than the report form's (its report.* keys are the default). */
  labels?: PlacePickerLabels;
}) {
  const t = useT();
  const l: PlacePickerLabels = props.labels ?? {
    legend: t("report.section.where"),
    hint: t("report.place.hint"),
    province: t("report.province"),
    city: t("report.city"),
    county: t("report.county"),
    choose: t("report.place.choose"),
    noscript: t("report.place.noscript"),
    refresh: t("report.place.refresh"),
  };
  const locale = useLocale();
  const hydrated = useHydrated();
  const { fields } = props;
  // A choice made before the scripts ran is kept (the lists that follow from it are loaded below).
  const [province, setProvince] = useState(() => valueBeforeHydration(fields.province.id, props.value.province ?? ""));
  const [city, setCity] = useState(() => valueBeforeHydration(fields.city.id, props.value.city ?? ""));
  const [county, setCounty] = useState(() => valueBeforeHydration(fields.county.id, props.value.county ?? ""));
  const [cities, setCities] = useState(props.cities);
  const [counties, setCounties] = useState(props.counties);
  useEffect(() => {
    const rendered = props.value;
    if (province !== (rendered.province ?? "")) {
      // Another province than the server's: its cities, and no city or county of the old one.
      setCity("");
      setCounty("");
      setCounties([]);
      void children(province).then(setCities);
    } else if (city !== (rendered.city ?? "")) {
      setCounty("");
      void children(city).then(setCounties);
    }
    // Once, on taking the page over: later changes go through the lists' own handlers.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
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
      {l.choose}
    </option>,
    ...list.map((p) => (
      <option key={p.code} value={p.code}>
        {localName(locale, p)}
      </option>
    )),
  ];

  return (
    <fieldset className="place-picker">
      <legend>{l.legend}</legend>
      {l.hint ? <p className="hint">{l.hint}</p> : null}
      <div className="row">
        <div className={errors?.length ? "field has-error" : "field"}>
          <label htmlFor={fields.province.id}>{l.province}</label>
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
          <label htmlFor={fields.city.id}>{l.city}</label>
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
          <label htmlFor={fields.county.id}>{l.county}</label>
          <select id={fields.county.id} name={fields.county.name} value={county} disabled={hydrated && counties.length === 0} onChange={(e) => setCounty(e.target.value)}>
            {options(counties)}
          </select>
        </div>
      </div>
      {hydrated ? null : (
        <div className="noscript-place">
          <p className="hint">{l.noscript}</p>
          <button type="submit" name="intent" value="refresh-places" formNoValidate className="button secondary">
            {l.refresh}
          </button>
        </div>
      )}
    </fieldset>
  );
}
