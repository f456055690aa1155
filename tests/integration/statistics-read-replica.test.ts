import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import postgres from "postgres";
import { createDatabaseFromTemplate } from "../support/file-database";
import { publishTestRelease } from "../support/releases";
import { settle } from "../support/replies";
import { filedTip } from "../support/builders";

// Issue 16: the public statistics only read releases, so a server may read them from a read
// replica (DATABASE_READ_URL) while everything else — intake above all — goes to the primary
// (DATABASE_URL). The "replica" here is a second database copied from the same template, brought
// up to date by copying the release rows, as streaming replication would.

type Loader = { loader: (args: any) => unknown };
type M = typeof import("../../app/lib/db.server") & typeof import("../../app/services/statistics-release-read.server") & { stats: Loader };
let m: M;
let replica: { url: string; drop: () => Promise<void> };
let replicaSql: postgres.Sql;

const stats = (path: string) =>
  settle(async () => m.stats.loader({ request: new Request("http://canary.test" + path), params: {}, context: { clientAddress: "203.0.113.7" } }));

/** Reconnects this process with DATABASE_READ_URL as given (the clients are made on first use). */
async function readFrom(url: string | undefined) {
  await m.closeDb();
  if (url === undefined) delete process.env.DATABASE_READ_URL;
  else process.env.DATABASE_READ_URL = url;
  m.forgetCurrentRelease();
}

beforeAll(async () => {
  m = { ...(await import("../../app/lib/db.server")), ...(await import("../../app/services/statistics-release-read.server")), stats: await import("../../app/routes/stats") };
  replica = await createDatabaseFromTemplate(inject("adminUrl"), inject("templateDatabase"));
  replicaSql = postgres(replica.url, { max: 2, onnotice: () => {} });
});

afterAll(async () => {
  delete process.env.DATABASE_READ_URL;
  await replicaSql?.end();
  await m?.closeDb();
  await replica?.drop();
});

describe("statistics releases read from a read replica (DATABASE_READ_URL)", () => {
  it("reads the current release and its pages from the replica, files tips on the primary, and shows a release once the replica has it", async () => {
    await filedTip();
    const releaseNo = await publishTestRelease();
    const onPrimary = await stats("/stats");
    expect(onPrimary.data.kind).toBe("page");
    expect(onPrimary.data.release.no).toBe(releaseNo);

    // The replica has not replayed the release yet: /stats says nothing is published, as it would
    // before the first release; a tip filed meanwhile still reaches the primary.
    await readFrom(replica.url);
    expect((await stats("/stats")).data).toEqual({ kind: "none" });
    const tip = await filedTip();
    const count = async (sql: postgres.Sql) => (await sql<{ n: number }[]>`select count(*)::int as n from tips where id = ${tip.id}`)[0]!.n;
    expect(await count(m.sqlClient())).toBe(1);
    expect(await count(replicaSql)).toBe(0);

    // Replication catches up (the release's rows copied as they are).
    const primary = m.sqlClient();
    const header = await primary`select * from statistics_releases where release_no = ${releaseNo}`;
    const pages = await primary`select * from statistics_release_pages where release_no = ${releaseNo}`;
    await replicaSql`insert into statistics_releases ${replicaSql(header)}`;
    for (let i = 0; i < pages.length; i += 200) await replicaSql`insert into statistics_release_pages ${replicaSql(pages.slice(i, i + 200))}`;
    m.forgetCurrentRelease();
    const onReplica = await stats("/stats");
    expect(onReplica.data.kind).toBe("page");
    expect(onReplica.data.release.no).toBe(releaseNo);
    expect(JSON.stringify(onReplica.data.view.headline)).toBe(JSON.stringify(onPrimary.data.view.headline));

    // Without DATABASE_READ_URL the same process reads the primary again.
    await readFrom(undefined);
    expect((await stats("/stats")).data.release.no).toBe(releaseNo);
  }, 120_000);
});
