import { sql, type SQL } from "drizzle-orm";
import { tips } from "../../db/schema/index";

/**
 * Company/site-name search: a substring match (Chinese names have no word breaks, so part of a
 * name is the usual query) or a similar name (typos, variants). Both use the trigram index.
 */
export function companyMatches(q: string): SQL {
  const pattern = "%" + q.replace(/[\\%_]/g, (c) => "\\" + c) + "%";
  return sql`(${tips.companyName} ilike ${pattern} or ${tips.companyName} % ${q})`;
}
