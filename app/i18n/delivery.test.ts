import { describe, expect, it } from "vitest";
import { CATALOGS, MESSAGE_SET_NAMES, messagesFor } from "./catalogues.server";
import { messageSetFor, setCarries, type MessageSet } from "./delivery";

describe("messageSetFor: the set of strings a path's page receives", () => {
  const cases: [string, MessageSet][] = [
    ["/", "home"],
    ["/report", "report"],
    ["/status", "status"],
    ["/stats", "stats"],
    ["/outcomes", "outcomes"],
    ["/open-data", "openData"],
    ["/staff", "staff"],
    ["/staff/login", "staff"],
    ["/staff/triage/JB2026-0000001/merge", "staff"],
    ["/no-such-page", "public"],
    // A prefix of a name is not the page.
    ["/statsx", "public"],
    ["/staffing", "public"],
  ];
  it.each(cases)("%s → %s", (path, set) => expect(messageSetFor(path)).toBe(set));
});

describe("setCarries", () => {
  const cases: [MessageSet, string, boolean][] = [
    ["report", "report.title", true],
    ["report", "nav.report", true],
    ["report", "errors.description.required", true],
    // A whole key is that key, not a prefix.
    ["report", "admin.errors.summary", true],
    ["report", "admin.errors.summaryx", false],
    ["report", "admin.staff.title", false],
    // Staff work's refusals stay with staff pages.
    ["report", "errors.joint.notLead", false],
    ["staff", "errors.joint.notLead", true],
    ["stats", "report.title", false],
    ["home", "stats.figure.received", true],
    ["public", "home.title", false],
    ["staff", "home.title", true],
  ];
  it.each(cases)("%s carries %s: %s", (set, key, carried) => expect(setCarries(set, key)).toBe(carried));
});

describe("messagesFor", () => {
  it("sends a public page a small share of the catalogue, in one language; staff pages all of it", () => {
    const all = Object.keys(CATALOGS.en).length;
    for (const set of MESSAGE_SET_NAMES.filter((s) => s !== "staff")) expect(Object.keys(messagesFor("en", set)).length, set).toBeLessThan(all / 3);
    expect(Object.keys(messagesFor("zh-CN", "staff")).length).toBe(all);
    expect(messagesFor("en", "report")["report.title"]).toBe(CATALOGS.en["report.title"]);
    expect(messagesFor("zh-CN", "report")["report.title"]).toBe(CATALOGS["zh-CN"]["report.title"]);
  });
});
