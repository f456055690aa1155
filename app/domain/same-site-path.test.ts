import { describe, expect, it } from "vitest";
import { sameSitePath } from "./same-site-path";

describe("sameSitePath", () => {
  it.each([
    ["/", "/"],
    ["/report", "/report"],
    ["/outcomes?sector=mining&page=2", "/outcomes?sector=mining&page=2"],
    ["/stats?place=330106#agencies", "/stats?place=330106#agencies"],
    ["/status", "/status"],
    ["/outcomes/%E6%9D%AD", "/outcomes/%E6%9D%AD"],
  ])("keeps the same-site path %j", (input, expected) => expect(sameSitePath(input)).toBe(expected));

  it.each([
    ["/\\evil.example"],
    ["//evil.example"],
    ["///evil.example"],
    ["/%5Cevil.example"],
    ["/%5cevil.example"],
    ["/%2F/evil.example"],
    ["\\/evil.example"],
    ["\\\\evil.example"],
    ["https://evil.example"],
    ["http:evil.example"],
    ["javascript:alert(1)"],
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["/\r\n/evil.example"],
    ["/\u0000/evil.example"],
    [" //evil.example"],
    ["evil.example"],
    [""],
    [null],
    [["/a"]],
    ["/" + "a".repeat(2001)],
  ])("sends %j to the home page", (input) => expect(sameSitePath(input)).toBe("/"));

  it("uses the fallback it is given", () => expect(sameSitePath("//evil.example", "/staff")).toBe("/staff"));
});

describe("the language switch (/set-language)", () => {
  const post = async (back: string) => {
    const { action } = await import("../routes/set-language");
    const body = new URLSearchParams({ locale: "en", back });
    const response = (await action({ request: new Request("http://127.0.0.1/set-language", { method: "POST", body }), params: {}, context: { clientAddress: "203.0.113.9" } })) as Response;
    return response.headers.get("Location");
  };
  it.each(["/\\evil.example", "//evil.example", "/%5Cevil.example", "\\/evil.example", "https://evil.example", "/\t/evil.example"])("sends back=%j home", async (back) =>
    expect(await post(back)).toBe("/"),
  );
  it("goes back to the page the switch was on", async () => expect(await post("/outcomes?page=2")).toBe("/outcomes?page=2"));
});
