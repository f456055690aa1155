import { useEffect, useRef, type ReactNode } from "react";

/**
 * The confirmation of what was just done, where the eye is: id="notice" so that a decision's 303
 * to "…#notice" brings it into view without JavaScript (the browser scrolls to the fragment), and
 * focused on arrival with JavaScript (a screen reader reads it; the page scrolls to it). `arrival`
 * changes with each new confirmation (the location's key, the action's answer), so a second
 * decision on the same page is focused again. `refused`: the action was not applied (an alert).
 */
export function ActionNotice({ arrival, refused = false, children }: { arrival: unknown; refused?: boolean; children: ReactNode }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [arrival]);
  return (
    <p id="notice" className={refused ? "error" : "notice"} role={refused ? "alert" : "status"} tabIndex={-1} ref={ref} data-testid="action-notice">
      {children}
    </p>
  );
}
