// What each test tier reports back to scripts/test.sh: a JSON file per tier, summed there.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface TestRecord {
  /** Full title ("suite test"). */
  title: string;
  state: 'passed' | 'failed';
  ms: number;
  error?: string;
}

export interface TierResult {
  tier: string;
  passed: number;
  failed: number;
  seconds: number;
  tests: TestRecord[];
  /** Measurements worth printing (activation time, …). */
  notes?: Record<string, string | number>;
}

export function tierResult(tier: string, tests: TestRecord[], seconds: number): TierResult {
  return {
    tier,
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: tests.filter((t) => t.state === 'failed').length,
    seconds,
    tests,
  };
}

export function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

export function readTierResult(file: string): TierResult | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as TierResult;
    return typeof v.passed === 'number' && typeof v.failed === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n').slice(0, 6).join('\n');
  return String(e);
}
