import { describe, expect, it } from "vitest";
import { pageScripts, SCRIPTS_AFTER_FIRST_PAINT, WITHOUT_SCRIPTS } from "./page-scripts";

describe("pageScripts", () => {
  it.each([
    { name: "no handles", matches: [{}, {}], inBrowser: false, want: "at-once" },
    { name: "a handle without the flag", matches: [{ handle: { other: 1 } }, {}], inBrowser: false, want: "at-once" },
    { name: "the page says without scripts", matches: [{}, { handle: WITHOUT_SCRIPTS }], inBrowser: false, want: "none" },
    { name: "an ancestor says without scripts", matches: [{ handle: WITHOUT_SCRIPTS }, {}], inBrowser: false, want: "none" },
    { name: "the page says after the first paint", matches: [{}, { handle: SCRIPTS_AFTER_FIRST_PAINT }], inBrowser: false, want: "after-first-paint" },
    { name: "the deepest route decides", matches: [{ handle: WITHOUT_SCRIPTS }, { handle: SCRIPTS_AFTER_FIRST_PAINT }], inBrowser: false, want: "after-first-paint" },
    { name: "a handle that is not an object", matches: [{ handle: "x" }, { handle: null }], inBrowser: false, want: "at-once" },
    { name: "an unknown value", matches: [{ handle: { scripts: "later" } }], inBrowser: false, want: "at-once" },
    { name: "in the browser, a page sent none keeps the scripts that run", matches: [{}, { handle: WITHOUT_SCRIPTS }], inBrowser: true, want: "at-once" },
    { name: "in the browser, as the server rendered it (hydration)", matches: [{}, { handle: SCRIPTS_AFTER_FIRST_PAINT }], inBrowser: true, want: "after-first-paint" },
    { name: "in the browser, no handle", matches: [{}, {}], inBrowser: true, want: "at-once" },
  ])("$name → $want", ({ matches, inBrowser, want }) => {
    expect(pageScripts(matches, inBrowser)).toBe(want);
  });
});
