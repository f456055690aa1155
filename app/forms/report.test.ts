import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { chosenPlace, reportSchema } from "./report";

/** Field → messages, as the route edge answers them (app/lib/route-edge.server.ts). */
function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return out;
}

const valid = {
  submissionId: "abcdefghijklmnopqrstuv",
  sector: "hazardous_chemicals",
  province: "330000",
  city: "330100",
  county: "330106",
  description: "储罐区的可燃气体报警器已经拆除两个月了，夜间仍在装卸。",
};

describe("reportSchema", () => {
  it("accepts a complete tip and places it at the county", () => {
    const r = reportSchema.safeParse(valid);
    expect(r.success).toBe(true);
    expect(chosenPlace(r.data!)).toBe("330106");
  });

  it("falls back to the most precise level given", () => {
    const r = reportSchema.safeParse({ ...valid, county: "", city: "" });
    expect(chosenPlace(r.data!)).toBe("330000");
  });

  it.each([
    [{ description: "太短了" }, "description", "errors.description.tooShort"],
    [{ description: "" }, "description", "errors.description.required"],
    [{ description: "x".repeat(10_001) }, "description", "errors.description.tooLong"],
    [{ sector: "" }, "sector", "errors.sector.required"],
    [{ sector: "banking" }, "sector", "errors.sector.required"],
    [{ province: "" }, "province", "errors.place.required"],
    [{ county: "33010" }, "county", "errors.place.invalid"],
    [{ contactEmail: "not-an-email" }, "contactEmail", "errors.contactEmail.invalid"],
    [{ contactPhone: "call me" }, "contactPhone", "errors.contactPhone.invalid"],
    [{ observedOn: "yesterday" }, "observedOn", "errors.observedOn.invalid"],
    [{ officialsImplicated: "on" }, "implicatedLevel", "errors.implicatedLevel.required"],
    [{ deaths: "2" }, "deaths", "errors.deaths.withoutAccident"],
    [{ concealedAccident: "on", deaths: "-1" }, "deaths", "errors.deaths.invalid"],
    [{ website: "http://spam.example" }, "website", "errors.form.honeypot"],
    [{ submissionId: "x" }, "submissionId", "errors.form.expired"],
  ])("reports %j on the field %s", (patch, field, message) => {
    const r = reportSchema.safeParse({ ...valid, ...patch });
    expect(r.success).toBe(false);
    expect(fieldErrors(r.error!)[field]).toContain(message);
  });

  it.each([
    [{ description: "太短了", officialsImplicated: "on" }, { description: "errors.description.tooShort", implicatedLevel: "errors.implicatedLevel.required" }],
    [{ sector: "", province: "", deaths: "2" }, { sector: "errors.sector.required", province: "errors.place.required", deaths: "errors.deaths.withoutAccident" }],
    // A field with its own error gets no second one from the rules between fields.
    [{ deaths: "-1", province: "33" }, { deaths: "errors.deaths.invalid", province: "errors.place.invalid" }],
  ])("reports the rules between fields in the same answer as the fields' own errors: %j", (patch, expected) => {
    const r = reportSchema.safeParse({ ...valid, ...patch });
    expect(r.success).toBe(false);
    expect(Object.fromEntries(Object.entries(fieldErrors(r.error!)).map(([k, v]) => [k, v.join(" ")]))).toEqual(expected);
  });

  it("counts the 20-character minimum after trimming", () => {
    expect(reportSchema.safeParse({ ...valid, description: "  " + "a".repeat(19) + "   " }).success).toBe(false);
    expect(reportSchema.safeParse({ ...valid, description: "a".repeat(20) }).success).toBe(true);
  });

  it("reads checkboxes and the death count", () => {
    const r = reportSchema.parse({ ...valid, concealedAccident: "on", deaths: "3", majorHazard: "on" });
    expect(r).toMatchObject({ concealedAccident: true, deaths: 3, majorHazard: true, officialsImplicated: false });
  });
});
