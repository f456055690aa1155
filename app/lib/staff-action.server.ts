import type { z } from "zod";
import { fieldErrors, type FieldErrors } from "../forms/report";
import { UserFacingError } from "../services/errors";
import { errorMessageOf, isAppError } from "./app-error";

export type StaffActionResult = { ok: true; intent: string } | { ok: false; intent: string; errors: FieldErrors; values: Record<string, string> };

/**
 * Runs one decision of a staff form: parse with its schema, call the service, and turn a
 * user-facing refusal into field errors that keep what was typed.
 */
export async function runStaffAction<S extends z.ZodType>(
  intent: string,
  form: FormData,
  schema: S,
  run: (input: z.infer<S>) => Promise<unknown>,
): Promise<Response> {
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string").reverse());
  delete values.csrf;
  const parsed = schema.safeParse(values);
  if (!parsed.success) return Response.json({ ok: false, intent, errors: fieldErrors(parsed.error), values } satisfies StaffActionResult, { status: 400 });
  try {
    await run(parsed.data);
    return Response.json({ ok: true, intent } satisfies StaffActionResult);
  } catch (e) {
    // Until this runner gives way to submitIntent (issue 12): the services already converted throw AppError.
    if (isAppError(e)) return Response.json({ ok: false, intent, errors: { [e.field ?? "form"]: [errorMessageOf(e)] }, values } satisfies StaffActionResult, { status: e.status });
    if (e instanceof UserFacingError) {
      return Response.json({ ok: false, intent, errors: { [e.field ?? "form"]: [e.code] }, values } satisfies StaffActionResult, { status: e.status });
    }
    throw e;
  }
}
