// The RFC v2 fixture series (test/fixtures/series/rfc-v2): its files, and helpers to read it
// as one mbox or as a subset of its patches.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const RFC_V2_DIR = join(__dirname, '..', 'fixtures', 'series', 'rfc-v2');

/** File names in series order (cover letter first). */
export function rfcV2Files(): string[] {
  return readdirSync(RFC_V2_DIR)
    .filter((f) => f.endsWith('.patch'))
    .sort();
}

/** The cover letter and patches `numbers` (1–5) concatenated as an mbox. */
export function rfcV2Mbox(numbers: number[] = [1, 2, 3, 4, 5], cover = true): string {
  return rfcV2Files()
    .filter((f) => (cover && f.startsWith('0000')) || numbers.includes(Number(f.slice(0, 4))))
    .map((f) => readFileSync(join(RFC_V2_DIR, f), 'utf8'))
    .join('\n');
}
