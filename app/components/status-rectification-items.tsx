import { useT } from "~/i18n";

type TipsterItem = { position: number; action: string; dueOn: string; state: "open" | "extended" | "verified"; verifiedOn: string | null };

/** The items on the tipster's status page: what and by when, and its state — never who. */
export function StatusRectificationItems({ items }: { items: readonly TipsterItem[] }) {
  const t = useT();
  if (items.length === 0) return null;
  return (
    <div data-testid="status-rectification-items">
      <h3>{t("status.items.title")}</h3>
      <ol>
        {items.map((i) => (
          <li key={i.position}>
            {i.action} — {i.state === "verified" && i.verifiedOn ? t("status.items.verified", { on: i.verifiedOn }) : t(`status.items.${i.state}`, { dueOn: i.dueOn })}
          </li>
        ))}
      </ol>
    </div>
  );
}
