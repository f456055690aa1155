import type { FieldMetadata } from "@conform-to/react";
import { PASSWORD_MIN_LENGTH } from "~/forms/staff-auth";
import { useT } from "~/i18n";
import { TextField } from "./form-kit";

type Meta = FieldMetadata<unknown, Record<string, unknown>, string[]>;

/** A new password and its confirmation, with the policy as the hint (invitation and password change). */
export function NewPasswordFields({ password, confirm }: { password: Meta; confirm: Meta }) {
  const t = useT();
  return (
    <>
      <TextField
        meta={password}
        label={t("auth.field.newPassword")}
        hint={t("auth.password.policy", { min: PASSWORD_MIN_LENGTH })}
        type="password"
        autoComplete="new-password"
        minLength={PASSWORD_MIN_LENGTH}
        required
      />
      <TextField meta={confirm} label={t("auth.field.confirmPassword")} type="password" autoComplete="new-password" required />
    </>
  );
}
