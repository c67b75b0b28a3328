// The drawing surface the scene paints on: a canvas on screen, an SVG string for export.
// Coordinates are CSS pixels. DOM-free.
import type { RasterTarget } from '../model/bandRaster';

export type Font = 'label' | 'bold' | 'small' | 'header';
export type Align = 'left' | 'right' | 'center';
export type Baseline = 'top' | 'middle' | 'bottom';

export interface Painter {
  fillRect(x: number, y: number, w: number, h: number, color: string): void;
  /** Many rects of one colour at once (x, y, w, h quadruples). */
  fillRects(rects: readonly number[], color: string): void;
  strokeRect(x: number, y: number, w: number, h: number, color: string, width: number): void;
  line(x0: number, y0: number, x1: number, y1: number, color: string, width: number, dash?: number[]): void;
  polyline(points: readonly number[], color: string, width: number): void;
  text(x: number, y: number, s: string, color: string, font: Font, align?: Align, baseline?: Baseline): void;
  measure(s: string, font: Font): number;
  /** A reusable pixel buffer `key` of the given device size (the painter decides the resolution). */
  rasterTarget(key: string, cssW: number, cssH: number): RasterTarget;
  /** Paints a buffer from rasterTarget() into the CSS box. */
  raster(x: number, y: number, w: number, h: number, target: RasterTarget): void;
  clip(x: number, y: number, w: number, h: number): void;
  unclip(): void;
  /** Shifts everything drawn until endShift() down by dy (the export header sits above). */
  beginShift(dy: number): void;
  endShift(): void;
}

export const FONT_PX: Record<Font, number> = { label: 12, bold: 12, small: 10, header: 13 };

/** CSS font shorthand for a Font. */
export function cssFont(font: Font, family: string): string {
  const weight = font === 'bold' || font === 'header' ? '600 ' : '';
  return `${weight}${FONT_PX[font]}px ${family}`;
}
