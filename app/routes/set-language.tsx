import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE } from "~/i18n";
import { readForm } from "~/lib/request-body.server";

/** The language switch: remembers the choice in a cookie and goes back to the same page. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request, "shortForm");
  const locale = form.get("locale");
  const back = String(form.get("back") ?? "/");
  const target = back.startsWith("/") && !back.startsWith("//") ? back : "/";
  const value = isLocale(locale) ? locale : DEFAULT_LOCALE;
  return redirect(target, {
    headers: { "Set-Cookie": `${LOCALE_COOKIE}=${encodeURIComponent(value)}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly` },
  });
}

export const loader = () => redirect("/");
