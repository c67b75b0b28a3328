// The UI end-to-end checks, in the order they run on one shared workbench page.
// Add a check: put it in a file beside this one (see simulateFromLens.ts) and list it here.
import type { Check } from '../check';
import { openKernelFileChecks } from './openKernelFile';
import { simulateFromLensChecks } from './simulateFromLens';

export const checks: Check[] = [...openKernelFileChecks, ...simulateFromLensChecks];
