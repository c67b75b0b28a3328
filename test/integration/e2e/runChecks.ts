// Runs the e2e checks in order on one page; each is one test (passed or failed).
import { errorText, type TestRecord } from '../shared/results';
import { slug, type Check, type E2EContext } from './check';

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export async function runChecks(ctx: E2EContext, checks: readonly Check[]): Promise<TestRecord[]> {
  const records: TestRecord[] = [];
  const failed = new Set<string>();
  for (const [i, check] of checks.entries()) {
    const t0 = Date.now();
    const blocked = (check.requires ?? []).filter(
      (r) => failed.has(r) || !records.some((x) => x.title === r),
    );
    if (blocked.length) {
      failed.add(check.name);
      records.push({
        title: check.name,
        state: 'failed',
        ms: 0,
        error: `not run: needs ${blocked.join(', ')}`,
      });
      console.log(`  ✗ ${check.name} (not run: needs ${blocked.join(', ')})`);
      continue;
    }
    try {
      await withTimeout(check.run(ctx), check.timeoutMs ?? 60_000, check.name);
      records.push({ title: check.name, state: 'passed', ms: Date.now() - t0 });
      console.log(`  ✓ ${check.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed.add(check.name);
      const error = errorText(e);
      records.push({ title: check.name, state: 'failed', ms: Date.now() - t0, error });
      const shot = await ctx
        .screenshot(`fail-${String(i + 1).padStart(2, '0')}-${slug(check.name)}`)
        .catch(() => '');
      console.log(`  ✗ ${check.name} (${Date.now() - t0} ms)\n      ${error.replace(/\n/g, '\n      ')}`);
      if (shot) console.log(`      screenshot: ${shot}`);
    }
  }
  return records;
}
