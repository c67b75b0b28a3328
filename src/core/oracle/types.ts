// Names the simulator side adds to the oracle's types (oracleCase.ts, oracleResult.ts).
import type { OracleResult } from './oracleResult';

export type KernelSeries = OracleResult['kernel']['series'];

/** The simulator variant that stands for each real kernel series. */
export const VARIANT_OF_SERIES: Record<KernelSeries, string> = { '6.1': 'v6.1', '6.12': 'v6.12' };
