import { useEffect, useState } from "react";

/** False during server rendering and without JavaScript; true once the page is interactive. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
