import fs from "node:fs";
import path from "node:path";

/** The stylesheets every page carries inline (app/components/page-styles.tsx), in this order. */
const STYLESHEETS = ["public/styles.css", "public/charts.css"];

let cached: string | null = null;

/** The site's CSS as one text, read once per process (the files only change with a deployment). */
export function pageStyles(): string {
  // "</" could close the element early; in CSS "<\/" reads the same.
  cached ??= STYLESHEETS.map((f) => fs.readFileSync(path.resolve(f), "utf8"))
    .join("\n")
    .replaceAll("</", "<\\/");
  return cached;
}
