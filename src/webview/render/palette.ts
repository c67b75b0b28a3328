// The colours the scene paints with. The page reads them from CSS custom properties
// (media/timeline.css maps them onto VS Code theme colours); this module only holds the
// type, a fallback and colour parsing for the raster. DOM-free.
import type { ColorRole } from '../model/kinds';

export interface Palette {
  roles: Record<ColorRole, string>;
  background: string;
  foreground: string;
  muted: string;
  laneBackground: string;
  grid: string;
  border: string;
  markerA: string;
  markerB: string;
  window: string;
  /** Shading between the A and B markers (fainter than `window`). */
  span: string;
  fontFamily: string;
  highContrast: boolean;
}

/** Dark-theme fallback, used when a variable is missing (and by the unit tests). */
export const FALLBACK_PALETTE: Palette = {
  roles: {
    present: '#3fa36b',
    protnone: '#e8912d',
    none: '#5a5a5a',
    absent: 'rgba(204, 204, 204, 0.1)',
    spte4k: '#11a8cd',
    spte2m: '#b180d7',
    span: '#3794ff',
    start: '#9cdcfe',
    end: '#7a7ff0',
    protect: '#cca700',
    scan: '#c5e478',
    toprotnone: '#ffb86c',
    zap: '#f14c4c',
    flush: '#ff79c6',
    yield: '#bc3fbc',
    ipi: '#c586c0',
    exit: '#ce9178',
    retry: '#f0f0f0',
    hint: '#56b6c2',
    migrate: '#89d185',
    fail: '#a1887f',
    install: '#4ec9b0',
    pin: '#9d9d9d',
    unpin: '#6e6e6e',
    violation: '#ff3030',
    placement: '#d7ba7d',
    hostflush: '#e06c75',
    guest: 'rgba(137, 209, 133, 0.14)',
  },
  background: '#1e1e1e',
  foreground: '#cccccc',
  muted: '#9d9d9d',
  laneBackground: 'rgba(128, 128, 128, 0.08)',
  grid: 'rgba(128, 128, 128, 0.22)',
  border: 'rgba(128, 128, 128, 0.35)',
  markerA: '#3794ff',
  markerB: '#e8912d',
  window: 'rgba(55, 148, 255, 0.25)',
  span: 'rgba(55, 148, 255, 0.05)',
  fontFamily: 'system-ui, sans-serif',
  highContrast: false,
};

/** "#rgb", "#rrggbb", "#rrggbbaa", "rgb(r, g, b)", "rgba(r, g, b, a)" → [r, g, b, a 0..255]; else undefined. */
export function parseColor(css: string): [number, number, number, number] | undefined {
  const s = css.trim().toLowerCase();
  let m = /^#([0-9a-f]{3,8})$/.exec(s);
  if (m) {
    let h = m[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    if (h.length !== 6 && h.length !== 8) return undefined;
    const v = (i: number): number => parseInt(h.slice(i, i + 2), 16);
    return [v(0), v(2), v(4), h.length === 8 ? v(6) : 255];
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(s);
  if (m) {
    let a = 255;
    if (m[4] !== undefined) a = m[4].endsWith('%') ? (parseFloat(m[4]) / 100) * 255 : parseFloat(m[4]) * 255;
    return [+m[1], +m[2], +m[3], Math.round(Math.min(255, Math.max(0, a)))];
  }
  return undefined;
}

/** Pixel value for an ImageData Uint32 view (little-endian ABGR). */
export function toPixel(css: string): number {
  const c = parseColor(css) ?? [128, 128, 128, 255];
  return ((c[3] << 24) | (c[2] << 16) | (c[1] << 8) | c[0]) >>> 0;
}

/** Pixel value back to "rgba(…)" (for the SVG export of rasters). */
export function pixelToCss(p: number): string {
  const a = (p >>> 24) & 255;
  return `rgba(${p & 255},${(p >>> 8) & 255},${(p >>> 16) & 255},${+(a / 255).toFixed(3)})`;
}
