import { data } from "@remix-run/node";
import type { FormReply } from "./route-edge.server";

type Answer = ReturnType<typeof data<FormReply>>;

/**
 * A form's answer (route-edge's submitForm/submitIntent) with more said beside conform's reply:
 * to whom an invitation was emailed, the problems of a refused file. A redirect, or no extra,
 * leaves the answer as it is; status and headers are kept.
 */
export function answerWith<T extends object>(answer: Answer | Response, extra: T | undefined): Answer | Response | ReturnType<typeof data<FormReply & T>> {
  if (answer instanceof Response || !extra) return answer;
  return data({ ...answer.data, ...extra }, answer.init ?? undefined);
}
