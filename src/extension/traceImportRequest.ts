// What the extension host asks the trace-import worker for, and what the worker answers.
import type { SimulationResult } from '../protocol/simulation';

export interface TraceImportRequest {
  paths: string[];
  /** Events kept one by one (mmuNotifierLens.import.maxEvents); the rest merge into time slots. */
  maxEvents: number;
}

export type TraceWorkerToHost =
  | { type: 'progress'; bytes: number; total: number }
  | { type: 'result'; result: SimulationResult }
  /** refused: the file is not a trace (the message says why), as opposed to a failure. */
  | { type: 'error'; message: string; refused: boolean };
