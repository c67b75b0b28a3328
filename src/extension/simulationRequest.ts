// What the extension host asks the simulation worker for (the core's request shape), and
// what the worker answers.
import type { SimulationResult } from '../protocol/simulation';
import type { SimulationRequestSpec } from '../core/sim';

export type SimulationRequest = SimulationRequestSpec;

export type WorkerToHost =
  | { type: 'progress'; variant: string; fraction: number }
  | { type: 'result'; scenario: string; results: SimulationResult[] }
  | { type: 'error'; message: string };
