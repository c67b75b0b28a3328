// Test hooks: when MMU_LENS_TEST_HOOKS names a file, notable events are appended to it as
// JSON lines, so the real-VS-Code tests can measure (activation time) and assert (rendered).
import { appendFileSync } from 'node:fs';

const hookFile = process.env.MMU_LENS_TEST_HOOKS;

export function testHook(event: string, data: Record<string, unknown> = {}): void {
  if (!hookFile) return;
  try {
    appendFileSync(hookFile, JSON.stringify({ event, at: Date.now(), ...data }) + '\n');
  } catch {
    // A test hook must never break the extension.
  }
}
