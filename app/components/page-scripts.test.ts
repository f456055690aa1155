import { describe, expect, it } from "vitest";
import { pageWantsScripts, WITHOUT_SCRIPTS } from "./page-scripts";

describe("pageWantsScripts", () => {
  it.each([
    { name: "no handles", matches: [{}, {}], inBrowser: false, want: true },
    { name: "a handle without the flag", matches: [{ handle: { other: 1 } }, {}], inBrowser: false, want: true },
    { name: "the page says without scripts", matches: [{}, { handle: WITHOUT_SCRIPTS }], inBrowser: false, want: false },
    { name: "an ancestor says without scripts", matches: [{ handle: WITHOUT_SCRIPTS }, {}], inBrowser: false, want: false },
    { name: "a handle that is not an object", matches: [{ handle: "x" }, { handle: null }], inBrowser: false, want: true },
    { name: "already running in the browser", matches: [{}, { handle: WITHOUT_SCRIPTS }], inBrowser: true, want: true },
  ])("$name → $want", ({ matches, inBrowser, want }) => {
    expect(pageWantsScripts(matches, inBrowser)).toBe(want);
  });
});
