import { describe, expect, it } from "vitest";
import { pageEnhancements, pageScripts, PLACE_PICKER_SCRIPT_ONLY, SCRIPTS_AFTER_FIRST_PAINT, WITHOUT_SCRIPTS } from "./page-scripts";

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
    { name: "an unknown value under an ancestor that decides", matches: [{ handle: WITHOUT_SCRIPTS }, { handle: { scripts: "later" } }], inBrowser: false, want: "none" },
    { name: "in the browser, a page sent none keeps the scripts that run", matches: [{}, { handle: WITHOUT_SCRIPTS }], inBrowser: true, want: "at-once" },
    { name: "in the browser, as the server rendered it (hydration)", matches: [{}, { handle: SCRIPTS_AFTER_FIRST_PAINT }], inBrowser: true, want: "after-first-paint" },
    { name: "in the browser, no handle", matches: [{}, {}], inBrowser: true, want: "at-once" },
    { name: "the page has the place picker's script only", matches: [{}, { handle: PLACE_PICKER_SCRIPT_ONLY }], inBrowser: false, want: "none" },
    { name: "in the browser, a page with the place picker's script only keeps the scripts that run", matches: [{}, { handle: PLACE_PICKER_SCRIPT_ONLY }], inBrowser: true, want: "at-once" },
  ])("$name → $want", ({ matches, inBrowser, want }) => {
    expect(pageScripts(matches, inBrowser)).toBe(want);
  });
});

describe("pageEnhancements", () => {
  it.each([
    { name: "no handles", matches: [{}, {}], inBrowser: false, want: [] },
    { name: "a page sent no scripts at all", matches: [{}, { handle: WITHOUT_SCRIPTS }], inBrowser: false, want: [] },
    { name: "the place picker's script only", matches: [{}, { handle: PLACE_PICKER_SCRIPT_ONLY }], inBrowser: false, want: ["/enhance/place-picker.js"] },
    { name: "an ancestor asks for it", matches: [{ handle: PLACE_PICKER_SCRIPT_ONLY }, {}], inBrowser: false, want: ["/enhance/place-picker.js"] },
    { name: "a deeper page with the framework's scripts", matches: [{ handle: PLACE_PICKER_SCRIPT_ONLY }, { handle: SCRIPTS_AFTER_FIRST_PAINT }], inBrowser: false, want: [] },
    { name: "a deeper page sent none", matches: [{ handle: PLACE_PICKER_SCRIPT_ONLY }, { handle: WITHOUT_SCRIPTS }], inBrowser: false, want: [] },
    { name: "an enhancement that does not exist", matches: [{ handle: { scripts: false, enhancements: ["x", "toString"] } }], inBrowser: false, want: [] },
    { name: "asked for with the framework's scripts", matches: [{ handle: { scripts: "after-first-paint", enhancements: ["place-picker"] } }], inBrowser: false, want: [] },
    { name: "a deeper handle with an unknown value leaves it to the ancestor, as pageScripts does", matches: [{ handle: PLACE_PICKER_SCRIPT_ONLY }, { handle: { scripts: "later" } }], inBrowser: false, want: ["/enhance/place-picker.js"] },
    { name: "in the browser (React runs the page)", matches: [{}, { handle: PLACE_PICKER_SCRIPT_ONLY }], inBrowser: true, want: [] },
  ])("$name → $want", ({ matches, inBrowser, want }) => {
    expect(pageEnhancements(matches, inBrowser)).toEqual(want);
  });
});
