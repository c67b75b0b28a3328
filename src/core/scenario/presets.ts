// The presets: scenario files shipped in presets/, imported as JSON (esbuild's json loader,
// resolveJsonModule), so the core needs no file system. Each notifier operation has a focused preset
// `op-<operation>` that the call-site lens runs for that operation.
import { parseScenario } from './parseScenario';
import { OPERATIONS, type Scenario } from './types';
import { PRESET_FILES } from './presetFiles';
import { printableLine } from '../safety/printable';

export const DEFAULT_PRESET = 'vfio-boot';

export function listPresets(): { name: string; description: string }[] {
  return Object.entries(PRESET_FILES).map(([name, json]) => ({
    name,
    description: String((json as { description?: unknown }).description ?? ''),
  }));
}

export function loadPreset(name: string): Scenario {
  const json = Object.hasOwn(PRESET_FILES, name) ? PRESET_FILES[name] : undefined;
  if (!json)
    throw new Error(
      `unknown preset '${printableLine(name.slice(0, 80))}' (known: ${Object.keys(PRESET_FILES).join(', ')})`,
    );
  return parseScenario(json, `presets/${name}.mmulens.json`);
}

/** Operation names a call site can map to (`OPERATIONS` plus NUMA balancing's own). */
export const OPERATION_NAMES: readonly string[] = ['numa_balancing', ...OPERATIONS];

/** The focused preset for an operation (munmap -> op-munmap, soft_dirty -> op-soft-dirty); NUMA balancing and unknown ones -> vfio-boot. */
export function presetForOperation(op: string): string {
  const norm = op.trim().toLowerCase().replace(/-/g, '_');
  if ((OPERATIONS as readonly string[]).includes(norm)) return `op-${norm.replace(/_/g, '-')}`;
  return DEFAULT_PRESET;
}
