// What the extension host asks the simulation worker for, and what it answers.
import type { SimulationResult } from '../protocol/simulation';

export interface SimulationRequest {
  /** A preset name (presets/*.mmulens.json) … */
  preset?: string;
  /** … or a parsed scenario file's JSON, with where it came from for error messages. */
  scenario?: unknown;
  scenarioSource?: string;
  /** Kernel variants to run, in order (the first is the baseline for deltas). */
  variants: string[];
  /** `path=value` overrides, as the CLI's --set. */
  sets?: string[];
  /** Re-simulate only this window of simulated time, in full detail. */
  window?: { t0: number; t1: number };
}

export type WorkerToHost =
  | { type: 'progress'; variant: string; fraction: number }
  | { type: 'result'; scenario: string; results: SimulationResult[] }
  | { type: 'error'; message: string };
