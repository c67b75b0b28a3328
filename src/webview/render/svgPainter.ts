// A Painter that writes an SVG document: the same scene as the canvas, for "Export SVG".
// Rasters become run-length rects per pixel row. Pure string building, DOM-free.
import type { RasterTarget } from '../model/bandRaster';
import { FONT_PX, type Align, type Baseline, type Font, type Painter } from './painter';
import { pixelToCss } from './palette';

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const n = (v: number): string => (Math.round(v * 100) / 100).toString();

export class SvgPainter implements Painter {
  private readonly parts: string[] = [];
  private clipId = 0;
  private open = 0;

  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly family: string,
    /** Raster resolution in pixels per CSS pixel (lower keeps the file small). */
    private readonly rasterScale = 0.5,
  ) {}

  fillRect(x: number, y: number, w: number, h: number, color: string): void {
    if (w <= 0 || h <= 0) return;
    this.parts.push(
      `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${escapeXml(color)}"/>`,
    );
  }

  fillRects(rects: readonly number[], color: string): void {
    if (!rects.length) return;
    let d = '';
    for (let i = 0; i < rects.length; i += 4) {
      d += `M${n(rects[i])} ${n(rects[i + 1])}h${n(rects[i + 2])}v${n(rects[i + 3])}h${n(-rects[i + 2])}z`;
    }
    this.parts.push(`<path d="${d}" fill="${escapeXml(color)}"/>`);
  }

  strokeRect(x: number, y: number, w: number, h: number, color: string, width: number): void {
    this.parts.push(
      `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="none" stroke="${escapeXml(color)}" stroke-width="${width}"/>`,
    );
  }

  line(x0: number, y0: number, x1: number, y1: number, color: string, width: number, dash?: number[]): void {
    const da = dash?.length ? ` stroke-dasharray="${dash.join(' ')}"` : '';
    this.parts.push(
      `<line x1="${n(x0)}" y1="${n(y0)}" x2="${n(x1)}" y2="${n(y1)}" stroke="${escapeXml(color)}" stroke-width="${width}"${da}/>`,
    );
  }

  polyline(points: readonly number[], color: string, width: number): void {
    const pts: string[] = [];
    for (let i = 0; i < points.length; i += 2) pts.push(`${n(points[i])},${n(points[i + 1])}`);
    this.parts.push(
      `<polyline points="${pts.join(' ')}" fill="none" stroke="${escapeXml(color)}" stroke-width="${width}"/>`,
    );
  }

  text(
    x: number,
    y: number,
    s: string,
    color: string,
    font: Font,
    align: Align = 'left',
    baseline: Baseline = 'middle',
  ): void {
    const anchor = align === 'left' ? 'start' : align === 'right' ? 'end' : 'middle';
    const dominant = baseline === 'top' ? 'hanging' : baseline === 'bottom' ? 'text-after-edge' : 'central';
    const weight = font === 'bold' || font === 'header' ? ' font-weight="600"' : '';
    this.parts.push(
      `<text x="${n(x)}" y="${n(y)}" fill="${escapeXml(color)}" font-size="${FONT_PX[font]}"${weight} text-anchor="${anchor}" dominant-baseline="${dominant}">${escapeXml(s)}</text>`,
    );
  }

  measure(s: string, font: Font): number {
    return s.length * FONT_PX[font] * 0.62;
  }

  rasterTarget(_key: string, cssW: number, cssH: number): RasterTarget {
    const width = Math.max(1, Math.round(cssW * this.rasterScale));
    const height = Math.max(1, Math.round(cssH * this.rasterScale));
    return { width, height, pixels: new Uint32Array(width * height) };
  }

  raster(x: number, y: number, w: number, h: number, t: RasterTarget): void {
    const sx = w / t.width;
    const sy = h / t.height;
    const byColor = new Map<number, number[]>();
    for (let row = 0; row < t.height; row++) {
      let start = 0;
      for (let col = 1; col <= t.width; col++) {
        const prev = t.pixels[row * t.width + start];
        if (col < t.width && t.pixels[row * t.width + col] === prev) continue;
        if (prev >>> 24) {
          let list = byColor.get(prev);
          if (!list) byColor.set(prev, (list = []));
          list.push(x + start * sx, y + row * sy, (col - start) * sx, sy);
        }
        start = col;
      }
    }
    for (const [pixel, rects] of byColor) this.fillRects(rects, pixelToCss(pixel));
  }

  clip(x: number, y: number, w: number, h: number): void {
    const id = `c${++this.clipId}`;
    this.parts.push(
      `<clipPath id="${id}"><rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}"/></clipPath><g clip-path="url(#${id})">`,
    );
    this.open++;
  }

  unclip(): void {
    if (this.open <= 0) return;
    this.open--;
    this.parts.push('</g>');
  }

  beginShift(dy: number): void {
    this.parts.push(`<g transform="translate(0 ${n(dy)})">`);
    this.open++;
  }

  endShift(): void {
    this.unclip();
  }

  /** The finished SVG document. */
  toString(): string {
    const close = '</g>'.repeat(this.open);
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}" font-family="${escapeXml(this.family)}">` +
      this.parts.join('') +
      close +
      '</svg>'
    );
  }
}
