import { data } from "@remix-run/node";
import type { z } from "zod";
import { placeChoices, refreshPlaceChoices } from "../services/list-places.server";
import { attachmentRefusal } from "../services/prepare-attachments.server";
import { TIP_FILES_FIELD } from "../services/submit-report.server";
import { errorMessageOf } from "./app-error";
import type { ParsedForm } from "./multipart.server";
import { submitForm, submitIntent, type FormReply } from "./route-edge.server";

/** The field conform names its own intents with (validate, reset…). */
const CONFORM_INTENT = "__intent__";

export type PlaceLists = Awaited<ReturnType<typeof placeChoices>>;

/** The tip form again: conform's reply, and the place lists for what was chosen (the picker without JavaScript). */
export type TipFormReply = FormReply & { places: PlaceLists };

/**
 * The action of a tip form (/report, /staff/hotline/new) once its guards have passed: the place
 * picker's "update" button (JavaScript off) gets the form back with the next lists; "submit"
 * parses the fields — a file the reader refused counts as one more field error, so one answer
 * says everything — and runs `file`, whose value (the receipt) is the answer. Any refusal comes
 * back on the form with what was typed and the lists for the chosen place.
 */
export async function answerTipForm<S extends z.ZodType, T>(form: ParsedForm, formId: string, schema: S, file: (input: z.output<S>) => Promise<T>) {
  const button = form.fields.get("intent");
  if (button === "refresh-places") {
    const { values, places } = await refreshPlaceChoices(form.fields);
    return data<TipFormReply>({ intent: formId, result: { initialValue: values }, done: false, places });
  }
  // conform's own requests (revalidating a field as it is corrected) carry no button: they are
  // only parsed, never filed (conform gives them no "success"). Any other button: the same 400
  // as on every page.
  if (button !== "submit" && !form.fields.has(CONFORM_INTENT)) return submitIntent(form.fields, {});

  let filed: { value: T } | undefined;
  const answer = await submitForm(
    form.fields,
    withUploadProblem(schema, form),
    async (input) => {
      filed = { value: await file(input) };
    },
    { intent: formId },
  );
  if (filed) return filed.value;
  if (answer instanceof Response) return answer;
  const province = String(form.fields.get("province") ?? "") || undefined;
  const city = String(form.fields.get("city") ?? "") || undefined;
  return data<TipFormReply>({ ...answer.data, places: await placeChoices(province, city) }, answer.init ?? undefined);
}

/** The schema, plus the reader's refusal of the files (too many, too large) as an error of their field. */
function withUploadProblem<S extends z.ZodType>(schema: S, form: ParsedForm): S {
  const problem = form.problem;
  if (!problem) return schema;
  const message = errorMessageOf(attachmentRefusal(problem, TIP_FILES_FIELD));
  return schema.superRefine((_, ctx) => ctx.addIssue({ code: "custom", path: [TIP_FILES_FIELD], message }), { when: () => true });
}
