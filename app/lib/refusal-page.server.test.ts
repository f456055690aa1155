import { describe, expect, it } from "vitest";
import { isCrossSiteRequest, refusalPage } from "./refusal-page.server";

describe("isCrossSiteRequest", () => {
  it.each([
    [{ host: "canary.example" }, false], // no Origin (an older browser, curl): the session cookies are SameSite
    [{ origin: "https://canary.example", host: "canary.example" }, false],
    [{ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }, false],
    [{ origin: "https://canary.example", host: "10.0.0.5:3000", forwardedHost: "canary.example" }, false],
    [{ origin: "https://evil.example", host: "canary.example" }, true],
    [{ origin: "https://evil.example", host: "canary.example", forwardedHost: "canary.example" }, true],
    [{ origin: "null", host: "canary.example" }, true],
    [{ origin: "not a url", host: "canary.example" }, true],
    [{ origin: "https://canary.example" }, true], // no Host to compare with
    [{ host: "canary.example", fetchSite: "cross-site" }, true],
    [{ origin: "https://canary.example", host: "canary.example", fetchSite: "same-origin" }, false],
  ])("%j → %s", (headers, expected) => expect(isCrossSiteRequest(headers)).toBe(expected));
});

describe("refusalPage", () => {
  it("says it in both languages", () => {
    const html = refusalPage("errors.crossSite.title", "errors.crossSite.body");
    expect(html).toContain("请求被拒绝");
    expect(html).toContain("Request refused");
    expect(html).toContain('lang="en"');
  });
});
