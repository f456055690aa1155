import { rowFormId } from "../components/decision-table";
import { submitForm, submitIntent, type IntentHandler, type SubmitOptions } from "./route-edge.server";

/**
 * The action of a decision table (app/components/decision-table.tsx): the intent picks the
 * schema and the service as in `submitIntent`, and the answer names the row's form
 * (`rowFormId(intent, row)`), so its refusal and what was typed return to that row only.
 * An intent the page does not offer, or a form without its row, is the usual unknown intent (400).
 */
export async function submitRowIntent(
  form: FormData,
  rowField: string,
  handlers: Record<string, IntentHandler | undefined | false>,
  options: Omit<SubmitOptions, "intent"> & {
    intentField?: string;
    /** Intents of a form outside the table (e.g. "create" below it): answered under the intent alone. */
    rowOptional?: readonly string[];
  } = {},
) {
  const { intentField = "intent", rowOptional = [], ...rest } = options;
  const name = String(form.get(intentField) ?? "");
  // Only id-like characters go into the form id (it is echoed to the page).
  const row = String(form.get(rowField) ?? "").replace(/[^0-9A-Za-z-]/g, "");
  const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
  if (handler && rowOptional.includes(name)) return submitForm(form, handler.schema, handler.run, { ...rest, intent: name });
  if (!handler || !row) return submitIntent(form, {}, rest);
  return submitForm(form, handler.schema, handler.run, { ...rest, intent: rowFormId(name, row) });
}
