import { eq } from "drizzle-orm";
import { staffAccounts } from "../../db/schema/index";
import { staffRows, type StaffListRow } from "./admin-list-staff.server";

/** One staff account for its administration page, or null. */
export async function getStaff(id: string, now = new Date()): Promise<StaffListRow | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const [row] = await staffRows(eq(staffAccounts.id, id), 1, now);
  return row ?? null;
}
