import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { sameSitePath } from "~/domain/same-site-path";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE } from "~/i18n";
import { readForm } from "~/lib/request-body.server";

/** The language switch: remembers the choice in a cookie and goes back to the same page (of this site only). */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request, "shortForm");
  const locale = form.get("locale");
  const target = sameSitePath(form.get("back"));
  const value = isLocale(locale) ? locale : DEFAULT_LOCALE;
  return redirect(target, {
    headers: { "Set-Cookie": `${LOCALE_COOKIE}=${encodeURIComponent(value)}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly` },
  });
}

export const loader = () => redirect("/");
