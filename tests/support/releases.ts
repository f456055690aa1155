import { createHash } from "node:crypto";

/**
 * Publishes a statistics release for a test (issue 16) the way the worker stores one: the header,
 * every page (`publishedStatistics(…, fresh: true)`, exactly as /stats rendered it before
 * releases), then the one UPDATE that publishes it. The private `cells` are left empty: no reader
 * uses them. At merge this gives way to the worker's real service.
 *
 * `places` limits the release to those places (the bench's four at a million tips); by default
 * the country and every place with counted tips in a stored window.
 */
export async function publishTestRelease(opts: { now?: Date; places?: string[] } = {}): Promise<number> {
  const { sqlClient } = await import("../../app/lib/db.server");
  const { publishedStatistics } = await import("../../app/services/published-statistics.server");
  const { todayLocal } = await import("../../app/services/deadline-common.server");
  const { statisticsWindow } = await import("../../app/domain/published-statistics");
  const { NATION_CODE, STATISTICS_WINDOWS } = await import("../../app/domain/statistics-query");
  const { forgetCurrentRelease } = await import("../../app/services/statistics-release-read.server");
  const sql = sqlClient();
  const asOf = todayLocal(opts.now);
  const from = `${statisticsWindow(asOf, STATISTICS_WINDOWS - 1).from}-01`;
  const to = `${statisticsWindow(asOf, 0).to}-01`;
  const places = [
    ...(opts.places ?? [
      NATION_CODE,
      ...(
        await sql<{ code: string }[]>`
          select distinct trim(scope) as code from (select scope, month from stats_rollup where dim = 'all' union all select scope, month from stats_pending where dim = 'all') u
          where month between ${from}::date and ${to}::date`
      ).map((r) => r.code),
    ]),
  ]
    .filter((c, i, all) => all.indexOf(c) === i)
    .sort();
  const [{ no }] = (await sql<{ no: number }[]>`
    insert into statistics_releases (release_no, as_of, trigger) select coalesce(max(release_no), 0) + 1, ${asOf}::date, 'administrator' from statistics_releases
    returning release_no as no`) as unknown as [{ no: number }];
  const hash = createHash("sha256");
  let pages = 0;
  for (const place of places) {
    for (let w = 0; w < STATISTICS_WINDOWS; w++) {
      const page = await publishedStatistics({ place, window: w, now: opts.now, fresh: true });
      if (!page) continue;
      const text = JSON.stringify(page);
      hash.update(text);
      pages++;
      await sql`insert into statistics_release_pages (release_no, place_code, window_no, page, cells) values (${no}, ${place}, ${w}, ${text}::jsonb, '{}'::jsonb)`;
    }
  }
  await sql`update statistics_releases set released_at = now(), content_hash = ${hash.digest("hex")}, pages = ${pages} where release_no = ${no}`;
  // This process shows it at once (other processes within CURRENT_RELEASE_RECHECK_MS).
  forgetCurrentRelease();
  return no;
}
