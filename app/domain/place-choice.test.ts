import { describe, expect, it } from "vitest";
import { chosenPlace, placeChoiceOf, type PlaceChoice } from "./place-choice";

describe("chosenPlace: the most precise consistent choice", () => {
  it.each<[string, PlaceChoice, string | undefined]>([
    ["nothing chosen", {}, undefined],
    ["a province", { province: "330000" }, "330000"],
    ["a city in it", { province: "330000", city: "330100" }, "330100"],
    ["a county in the city", { province: "330000", city: "330100", county: "330106" }, "330106"],
    ["a county without its city", { province: "330000", county: "330106" }, "330106"],
    ["the province changed, the old city and county left behind (JavaScript off)", { province: "610000", city: "330100", county: "330106" }, "610000"],
    ["the city changed, the old county left behind", { province: "330000", city: "330200", county: "330106" }, "330200"],
    ["a city but no province", { city: "330100" }, undefined],
    ["not a code", { province: "zhejiang" }, undefined],
    ["a city code in the province list", { province: "330100" }, undefined],
    ["a county code in the city list", { province: "330000", city: "330106" }, "330000"],
  ])("%s", (_, choice, expected) => expect(chosenPlace(choice)).toBe(expected));
});

describe("placeChoiceOf: the lists for a place code", () => {
  it.each<[string | undefined, PlaceChoice]>([
    [undefined, {}],
    ["000000", {}],
    ["abc", {}],
    ["330000", { province: "330000" }],
    ["330100", { province: "330000", city: "330100" }],
    ["330106", { province: "330000", city: "330100", county: "330106" }],
    // A county under the province directly (省直辖县级行政区划, 429000) keeps that placeholder as its city.
    ["429004", { province: "420000", city: "429000", county: "429004" }],
  ])("%s", (code, expected) => expect(placeChoiceOf(code)).toEqual(expected));

  it("round-trips with chosenPlace", () => {
    for (const code of ["330000", "330100", "330106", "110101", "429004"]) expect(chosenPlace(placeChoiceOf(code))).toBe(code);
  });
});
