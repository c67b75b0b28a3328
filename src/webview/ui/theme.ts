// Reads the palette from CSS custom properties (media/timeline.css maps `--mnl-*` onto the
// VS Code theme colours) and re-reads it when VS Code switches theme (body class change).
import type { ColorRole } from '../model/kinds';
import { FALLBACK_PALETTE, parseColor, type Palette } from '../render/palette';

/** Resolves `var(--name)` to an "rgb(a)(…)" string through a hidden probe element. */
function resolver(): { get(name: string, fallback: string): string; dispose(): void } {
  const probe = document.createElement('span');
  probe.className = 'mnl-probe';
  document.body.appendChild(probe);
  return {
    get(name, fallback) {
      probe.style.color = '';
      probe.style.color = `var(${name}, ${fallback})`;
      const v = getComputedStyle(probe).color;
      return parseColor(v) ? v : fallback;
    },
    dispose: () => probe.remove(),
  };
}

export function withAlpha(css: string, alpha: number): string {
  const c = parseColor(css);
  if (!c) return css;
  return `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${((c[3] / 255) * alpha).toFixed(3)})`;
}

export function readPalette(): Palette {
  const r = resolver();
  const f = FALLBACK_PALETTE;
  const roles = { ...f.roles };
  for (const role of Object.keys(roles) as ColorRole[]) roles[role] = r.get(`--mnl-${role}`, f.roles[role]);
  const foreground = r.get('--vscode-foreground', f.foreground);
  const highContrast = document.body.classList.contains('vscode-high-contrast');
  const border = r.get('--vscode-contrastBorder', '') || withAlpha(foreground, 0.3);
  const pal: Palette = {
    roles,
    background: r.get('--vscode-editor-background', f.background),
    foreground,
    muted: r.get('--vscode-descriptionForeground', f.muted),
    laneBackground: withAlpha(foreground, highContrast ? 0 : 0.05),
    grid: withAlpha(foreground, highContrast ? 0.3 : 0.12),
    border: highContrast ? border : withAlpha(foreground, 0.3),
    markerA: r.get('--mnl-marker-a', f.markerA),
    markerB: r.get('--mnl-marker-b', f.markerB),
    window: withAlpha(r.get('--mnl-marker-a', f.markerA), 0.16),
    span: withAlpha(r.get('--mnl-marker-a', f.markerA), 0.05),
    fontFamily: getComputedStyle(document.body).fontFamily || f.fontFamily,
    highContrast,
  };
  roles.guest = withAlpha(roles.guest, highContrast ? 0.3 : 0.16);
  // "present" is the normal state: muted, so PROT_NONE and holes stand out.
  roles.present = withAlpha(roles.present, highContrast ? 0.7 : 0.5);
  // "absent" (no SPTE) is a dim neutral, so the saturated 4K and 2M hues carry the lane.
  roles.absent = withAlpha(roles.absent, highContrast ? 0.22 : 0.12);
  r.dispose();
  return pal;
}

/** Calls `onChange` when the body's theme class (vscode-light/dark/high-contrast) changes. */
export function watchTheme(onChange: () => void): MutationObserver {
  let last = document.body.className;
  const mo = new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    onChange();
  });
  mo.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  return mo;
}
