import { useEffect, useState } from "react";

/** Set once the first component using it has mounted in the browser: the page is React's from then on. */
let pageHydrated = false;

/** False during server rendering and without JavaScript; true once the page is interactive. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => {
    pageHydrated = true;
    setHydrated(true);
  }, []);
  return hydrated;
}

/**
 * The value a field holds in the page when React takes it over. On a slow phone the page is on
 * screen, and usable as plain HTML, before its scripts have run: a choice made in that time is
 * in the DOM, and hydrating a controlled field with the server's value would undo it. Read in
 * the first render in the browser only (hydration); the server's value everywhere else.
 */
export function valueBeforeHydration(id: string, rendered: string): string {
  if (typeof document === "undefined" || pageHydrated) return rendered;
  const field = document.getElementById(id);
  return field instanceof HTMLSelectElement || field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement ? field.value : rendered;
}
