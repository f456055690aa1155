import { chosenPlace, placeChoiceOf } from "../domain/place-choice";
import { STATISTICS_WINDOWS } from "../domain/statistics-query";
import { todayLocal } from "./deadline-common.server";
import { placeChoices } from "./list-places.server";
import { AppError } from "../lib/app-error";
import { statisticsWindows } from "./published-statistics.server";
import { LICENCE, OPEN_DATA_COLUMNS } from "./published-outcomes.server";
import { NOTICE_COLUMNS } from "./published-notices.server";
import { STATISTICS_COLUMNS } from "./statistics-download.server";
import { currentRelease, publishedRelease, releaseWindows } from "./statistics-release-read.server";

/**
 * The /open-data page: the data dictionaries and the licence, and for the statistics downloads
 * the place (chosen by name with the place picker, GET: no JavaScript needed) and the 12-month
 * window their links are for, of the current statistics release or a past one (`release=N`, from
 * the list of releases; an unknown or unpublished number is not found). Nothing chosen: the
 * whole country, the latest window, the current release.
 */
export async function openDataPage(search: URLSearchParams) {
  const asked = search.get("release");
  const chosenRelease = asked ? await publishedRelease(Number(asked)) : null;
  if (asked && !chosenRelease) throw new AppError("not_found");
  const release = chosenRelease ?? (await currentRelease());
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
    windows: release ? releaseWindows(release.asOf) : statisticsWindows(todayLocal()),
    /** The release the statistics links are for (null before the first); `pinned` when the reader chose it, so the links name it. */
    release: release ? { no: release.no, releasedAt: release.releasedAt, asOf: release.asOf, pinned: chosenRelease !== null } : null,
  };
}
