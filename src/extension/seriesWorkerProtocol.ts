// What the extension host asks the series worker, and what it answers.

export interface SeriesWorkerRequest {
  text: string;
  fileName: string;
  /** File-system path of the tree's root (the workspace folder). */
  root: string;
}

export type SeriesWorkerAnswer =
  | {
      type: 'result';
      /** The variant id the lenses simulate (null: the tree is unknown or the series unreadable). */
      variant: string | null;
      /** `rfc-v2`, or `v6.12 + series rules`. */
      label: string | null;
      basis: 'applied' | 'series rules' | null;
      summary: string;
      failures: number;
      outcomes: { patch: string; status: string; fuzz: number }[];
      fromSeries: { rule: string; value: string; patch: string }[];
    }
  | { type: 'error'; message: string };
