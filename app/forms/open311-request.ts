import { z } from "zod";
import { SECTOR_CODES } from "../../db/seed/reference-data";
import { DESCRIPTION_MAX, DESCRIPTION_MIN } from "./report";

/** GeoReport v2 POST requests.json (application/x-www-form-urlencoded). Messages are plain English, as the spec's errors are. */
export const open311RequestSchema = z.object({
  service_code: z.enum(SECTOR_CODES, { error: "service_code is missing or not a known service" }),
  description: z
    .string({ error: "description is required" })
    .trim()
    .min(DESCRIPTION_MIN, `description must be at least ${DESCRIPTION_MIN} characters`)
    .max(DESCRIPTION_MAX, `description must be at most ${DESCRIPTION_MAX} characters`),
  address_string: z.string().trim().max(500, "address_string must be at most 500 characters").optional(),
  "attribute[region_code]": z.string({ error: "attribute[region_code] (GB/T 2260 code) is required" }).regex(/^\d{6}$/, "attribute[region_code] must be a six-digit GB/T 2260 code"),
  "attribute[company_name]": z.string().trim().max(200, "attribute[company_name] must be at most 200 characters").optional(),
  email: z.email("email is not a valid address").optional(),
  phone: z.string().trim().max(30, "phone is too long").optional(),
  first_name: z.string().trim().max(50).optional(),
  last_name: z.string().trim().max(50).optional(),
});

export type Open311Request = z.output<typeof open311RequestSchema>;
