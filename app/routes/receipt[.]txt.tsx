import type { ActionFunctionArgs } from "@remix-run/node";
import { formatReceipt, normaliseReceipt } from "~/domain/receipt";
import { localeFromRequest } from "~/i18n";
import { translator } from "~/i18n/catalogues.server";
import { readForm } from "~/lib/request-body.server";

/**
 * Echoes the receipt back as a text file download. Nothing is looked up or stored: the page
 * that shows the receipt posts it here, so the download also works without JavaScript.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request, "shortForm");
  const receipt = normaliseReceipt(String(form.get("receipt") ?? ""));
  const reference = String(form.get("reference") ?? "");
  if (!receipt || !/^JB\d{4}-\d{7,}$/.test(reference)) return new Response("Bad request", { status: 400 });
  const t = translator(localeFromRequest(request));
  const text = [t("receipt.file.header"), "", `${t("status.reference")}: ${reference}`, `${t("receipt.label")}: ${formatReceipt(receipt)}`, "", t("receipt.file.keep"), ""].join("\r\n");
  return new Response(text, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="canary-receipt-${reference}.txt"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export const loader = () => new Response("Not found", { status: 404 });
