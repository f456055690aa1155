/**
 * How a series over ordered categories (months) is drawn when some of its values are hidden:
 * consecutive shown values as one line, a shown value with hidden neighbours on both sides as a
 * dot, a hidden value as a gap. A line is never drawn through a hidden value (that would invent
 * it), and the hidden values are counted so the chart can say in words how many were left out.
 */
export type SeriesShape = {
  /** Runs of two or more consecutive shown values (indices), each drawn as a line. */
  runs: number[][];
  /** Shown values standing alone between gaps (indices), each drawn as a dot. */
  dots: number[];
  /** Hidden values (indices): gaps. */
  hidden: number[];
};

export function seriesShape(values: readonly (number | null)[]): SeriesShape {
  const runs: number[][] = [];
  const dots: number[] = [];
  const hidden: number[] = [];
  let run: number[] = [];
  const close = () => {
    if (run.length === 1) dots.push(run[0]!);
    else if (run.length > 1) runs.push(run);
    run = [];
  };
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      close();
      hidden.push(i);
    } else run.push(i);
  });
  close();
  return { runs, dots, hidden };
}
