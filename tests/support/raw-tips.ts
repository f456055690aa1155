import { randomBytes, randomUUID } from "node:crypto";

/**
 * A tip inserted as a row, as statistics tests need many (the portal's intake is tested on its
 * own): a reference of `year` from the portal's sequence, channel web, content and receipt random
 * bytes; the other columns as given (snake_case, as the table has them). Returns its id.
 */
export async function insertTipRow(sql: import("postgres").Sql, year: number, columns: { state: string; sector_code: string; place_code: string; submitted_on: string } & Record<string, string | number | null>): Promise<string> {
  const id = randomUUID();
  const [{ seq }] = (await sql<{ seq: string }[]>`select nextval('tip_reference_seq') as seq`) as unknown as [{ seq: string }];
  await sql`insert into tips ${sql({
    id,
    reference: `JB${year}-${String(seq).padStart(7, "0")}`,
    reference_seq: seq,
    channel: "web",
    captcha_status: "not_required",
    content_enc: randomBytes(32),
    receipt_hash: randomBytes(32),
    ...columns,
  })}`;
  return id;
}
