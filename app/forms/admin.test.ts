import { describe, expect, it } from "vitest";
import { agencySchema, staffInviteSchema } from "./admin";

const agency = { nameZh: "某县教育局", nameEn: "Education", departmentType: "education", placeCode: "330106", reason: "新设立的承办单位" };
const invite = { displayName: "新同事", role: "auditor", reason: "新同事入职，负责审计" };

describe("an address left empty asks for one; a wrong one says so", () => {
  it.each([
    { schema: agencySchema, base: agency, field: "inboxEmail", value: undefined, error: "admin.errors.inboxEmail.required" },
    { schema: agencySchema, base: agency, field: "inboxEmail", value: "   ", error: "admin.errors.inboxEmail.required" },
    { schema: agencySchema, base: agency, field: "inboxEmail", value: "edu(at)example.org", error: "admin.errors.inboxEmail.invalid" },
    { schema: staffInviteSchema, base: invite, field: "email", value: undefined, error: "admin.errors.email.required" },
    { schema: staffInviteSchema, base: invite, field: "email", value: "someone@", error: "admin.errors.email.invalid" },
  ])("$field = $value → $error", ({ schema, base, field, value, error }) => {
    const r = schema.safeParse({ ...base, ...(value === undefined ? {} : { [field]: value }) });
    expect(r.success).toBe(false);
    expect(r.error!.issues.filter((i) => i.path[0] === field).map((i) => i.message)).toEqual([error]);
  });

  it("a good address is kept, trimmed and in lower case", () => {
    const r = agencySchema.safeParse({ ...agency, inboxEmail: "  Edu@Example.ORG " });
    expect(r.success && r.data.inboxEmail).toBe("edu@example.org");
  });
});
