import type { ReactNode } from "react";

/**
 * The layout of the pages where someone decides items one by one (/staff/admin/approvals,
 * /staff/approvals, /staff/supervision): a table of the items, the last cell of each row holding
 * that row's decision form(s). Each form's id is `rowFormId(intent, row)`, and the action answers
 * with that id (app/lib/row-forms.server.ts), so a refusal lands on the row it is about; one
 * for a row no longer listed is shown with `StrayErrors` (form-kit).
 */
export type Column<R> = { header: ReactNode; cell: (row: R) => ReactNode };

export function DecisionTable<R>(props: {
  rows: readonly R[];
  rowKey: (row: R) => string;
  /** Attributes of a row's <tr> (data-reference, a class). */
  rowProps?: (row: R) => Record<string, string>;
  columns: readonly Column<R>[];
  decisionHeader: ReactNode;
  decision: (row: R) => ReactNode;
  empty: ReactNode;
  testId?: string;
}) {
  if (props.rows.length === 0) return <p>{props.empty}</p>;
  return (
    <table className="list" data-testid={props.testId}>
      <thead>
        <tr>
          {props.columns.map((c, i) => (
            <th key={i} scope="col">
              {c.header}
            </th>
          ))}
          <th scope="col">{props.decisionHeader}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={props.rowKey(r)} {...props.rowProps?.(r)}>
            {props.columns.map((c, i) => (
              <td key={i}>{c.cell(r)}</td>
            ))}
            <td>{props.decision(r)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The id of one row's decision form: the intent and the row ("approve-<request id>"). */
export function rowFormId(intent: string, row: string): string {
  return `${intent}-${row}`;
}
