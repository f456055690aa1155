import { z } from "zod";

/**
 * A checkbox: a ticked one is sent as "on" (or the value a page gives it, "true" / "1"); an
 * unticked one is not sent at all. One definition for every form.
 */
export const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true" || v === "1");
