import { chosenPlace, placeChoiceOf } from "../domain/place-choice";
import { STATISTICS_WINDOWS } from "../domain/statistics-query";
import { todayLocal } from "./deadline-common.server";
import { placeChoices } from "./list-places.server";
import { statisticsWindows } from "./published-statistics.server";
import { LICENCE, OPEN_DATA_COLUMNS } from "./published-outcomes.server";
import { NOTICE_COLUMNS } from "./published-notices.server";
import { STATISTICS_COLUMNS } from "./statistics-download.server";

/**
 * The /open-data page: the data dictionaries and the licence, and for the statistics downloads
 * the place (chosen by name with the place picker, GET: no JavaScript needed) and the 12-month
 * window their links are for. Nothing chosen: the whole country, the latest window.
 */
export async function openDataPage(search: URLSearchParams) {
  const place = chosenPlace({ province: search.get("province") ?? undefined, city: search.get("city") ?? undefined, county: search.get("county") ?? undefined });
  const p = Number(search.get("period") ?? 0);
  const period = Number.isInteger(p) && p >= 0 && p < STATISTICS_WINDOWS ? p : 0;
  const choice = placeChoiceOf(place);
  return {
    columns: OPEN_DATA_COLUMNS.map((c) => ({ ...c })),
    statsColumns: STATISTICS_COLUMNS.map((c) => ({ ...c })),
    noticeColumns: NOTICE_COLUMNS.map((c) => ({ ...c })),
    licence: LICENCE,
    place: place ?? null,
    period,
    choice,
    places: await placeChoices(choice.province, choice.city),
    windows: statisticsWindows(todayLocal()),
  };
}
