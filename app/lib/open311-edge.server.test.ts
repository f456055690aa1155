import { describe, expect, it } from "vitest";
import { AppError } from "./app-error";
import { open311Refusal } from "./open311-edge.server";

describe("open311Refusal: a service's AppError as a GeoReport error", () => {
  it.each([
    [new AppError("rate_limited", { message: "errors.rateLimited", params: { minutes: 3 }, retryAfterSeconds: 150 }), 429, "too many requests; retry after 150 seconds", "150"],
    [new AppError("invalid_input", { field: "sector", message: "errors.sector.required" }), 400, "service_code is not a known service", null],
    [new AppError("invalid_input", { field: "province", message: "errors.place.invalid" }), 400, "attribute[region_code] is not a known GB/T 2260 code", null],
    [new AppError("conflict"), 409, expect.stringMatching(/.+ \/ .+/), null],
  ])("%s → %i", async (error, status, description, retryAfter) => {
    const res = open311Refusal("json", error);
    expect(res.status).toBe(status);
    expect(res.headers.get("retry-after")).toBe(retryAfter);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.json()).toEqual([{ code: status, description }]);
  });

  it("in XML, the spec's <errors> document", async () => {
    const res = open311Refusal("xml", new AppError("invalid_input", { field: "sector" }));
    expect(res.headers.get("content-type")).toMatch(/application\/xml/);
    expect(await res.text()).toContain("<errors><error><code>400</code><description>service_code is not a known service</description></error></errors>");
  });

  it("throws on anything that is not a refusal (a server fault)", () => {
    const fault = new Error("boom");
    expect(() => open311Refusal("json", fault)).toThrow(fault);
  });
});
