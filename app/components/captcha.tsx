import HCaptcha from "@hcaptcha/react-hcaptcha";
import { useState } from "react";
import { useT } from "~/i18n";
import { useHydrated } from "./use-hydrated";

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
          <HCaptcha
            sitekey={config.siteKey}
            sentry={false}
            languageOverride={locale === "en" ? "en" : "zh-CN"}
            onVerify={(tok) => setToken(tok)}
            onExpire={() => setToken("")}
            {...(config.scriptUrl ? { scriptSource: config.scriptUrl } : {})}
          />
          <input type="hidden" name="captchaToken" value={token} />
        </>
      ) : (
        <p className="hint">{t("report.captcha.noscript")}</p>
      )}
    </div>
  );
}
