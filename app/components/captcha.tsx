import { lazy, Suspense, useState } from "react";
import { useT } from "~/i18n";
import { useHydrated } from "./use-hydrated";

// Fetched only where a captcha is shown, after the page is interactive: the widget's own script
// comes from hCaptcha then anyway, and a page without one (or without JavaScript) never loads it
// (issue 14: the phone's JavaScript budget).
const HCaptcha = lazy(() => import("@hcaptcha/react-hcaptcha"));

export type CaptchaConfig = { siteKey: string; scriptUrl?: string } | null;

/**
 * hCaptcha when configured and JavaScript is on. Without JavaScript nothing is shown and the
 * tip is still accepted, marked unverified for triage.
 */
export function Captcha({ config, locale }: { config: CaptchaConfig; locale: string }) {
  const t = useT();
  const hydrated = useHydrated();
  const [token, setToken] = useState("");
  if (!config) return null;
  return (
    <div className="captcha">
      {hydrated ? (
        <>
          <Suspense fallback={null}>
            <HCaptcha
              sitekey={config.siteKey}
              sentry={false}
              languageOverride={locale === "en" ? "en" : "zh-CN"}
              onVerify={(tok) => setToken(tok)}
              onExpire={() => setToken("")}
              {...(config.scriptUrl ? { scriptSource: config.scriptUrl } : {})}
            />
          </Suspense>
          <input type="hidden" name="captchaToken" value={token} />
        </>
      ) : (
        <p className="hint">{t("report.captcha.noscript")}</p>
      )}
    </div>
  );
}
