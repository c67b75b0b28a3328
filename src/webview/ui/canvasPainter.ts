// The on-screen Painter: a 2D canvas scaled by devicePixelRatio; rasters go through
// offscreen canvases so transparent pixels blend with the lane background.
import type { RasterTarget } from '../model/bandRaster';
import { cssFont, type Align, type Baseline, type Font, type Painter } from '../render/painter';

interface Raster extends RasterTarget {
  image: ImageData;
  canvas: OffscreenCanvas;
}

export class CanvasPainter implements Painter {
  private readonly rasters = new Map<string, Raster>();
  private readonly fonts: Record<Font, string>;

  constructor(
    private readonly ctx: CanvasRenderingContext2D,
    private readonly dpr: number,
    family: string,
  ) {
    this.fonts = {
      label: cssFont('label', family),
      bold: cssFont('bold', family),
      small: cssFont('small', family),
      header: cssFont('header', family),
    };
  }

  /** Call before each frame: a resized canvas loses its transform. */
  beginFrame(): void {
    this.ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
  }

  fillRect(x: number, y: number, w: number, h: number, color: string): void {
    this.ctx.fillStyle = color;
    this.ctx.fillRect(x, y, w, h);
  }

  fillRects(rects: readonly number[], color: string): void {
    if (!rects.length) return;
    const c = this.ctx;
    c.fillStyle = color;
    c.beginPath();
    for (let i = 0; i < rects.length; i += 4) c.rect(rects[i], rects[i + 1], rects[i + 2], rects[i + 3]);
    c.fill();
  }

  strokeRect(x: number, y: number, w: number, h: number, color: string, width: number): void {
    this.ctx.strokeStyle = color;
    this.ctx.lineWidth = width;
    this.ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
  }

  line(x0: number, y0: number, x1: number, y1: number, color: string, width: number, dash?: number[]): void {
    const c = this.ctx;
    c.strokeStyle = color;
    c.lineWidth = width;
    c.setLineDash(dash ?? []);
    c.beginPath();
    const o = width % 2 ? 0.5 : 0;
    c.moveTo(Math.round(x0) + o, Math.round(y0) + o);
    c.lineTo(Math.round(x1) + o, Math.round(y1) + o);
    c.stroke();
    c.setLineDash([]);
  }

  polyline(points: readonly number[], color: string, width: number): void {
    const c = this.ctx;
    c.strokeStyle = color;
    c.lineWidth = width;
    c.beginPath();
    for (let i = 0; i < points.length; i += 2) {
      if (i === 0) c.moveTo(points[i], points[i + 1]);
      else c.lineTo(points[i], points[i + 1]);
    }
    c.stroke();
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
    const c = this.ctx;
    c.font = this.fonts[font];
    c.fillStyle = color;
    c.textAlign = align;
    c.textBaseline = baseline;
    c.fillText(s, x, y);
  }

  measure(s: string, font: Font): number {
    this.ctx.font = this.fonts[font];
    return this.ctx.measureText(s).width;
  }

  rasterTarget(key: string, cssW: number, cssH: number): RasterTarget {
    const width = Math.max(1, Math.round(cssW * this.dpr));
    const height = Math.max(1, Math.round(cssH * this.dpr));
    let r = this.rasters.get(key);
    if (!r || r.width !== width || r.height !== height) {
      const canvas = new OffscreenCanvas(width, height);
      const image = new ImageData(width, height);
      r = { width, height, image, canvas, pixels: new Uint32Array(image.data.buffer) };
      this.rasters.set(key, r);
    }
    return r;
  }

  raster(x: number, y: number, w: number, h: number, target: RasterTarget): void {
    const r = [...this.rasters.values()].find((v) => v.pixels === target.pixels);
    if (!r) return;
    const octx = r.canvas.getContext('2d');
    if (!octx) return;
    octx.putImageData(r.image, 0, 0);
    this.ctx.imageSmoothingEnabled = false;
    this.ctx.drawImage(r.canvas, x, y, w, h);
  }

  clip(x: number, y: number, w: number, h: number): void {
    this.ctx.save();
    this.ctx.beginPath();
    this.ctx.rect(x, y, w, h);
    this.ctx.clip();
  }

  unclip(): void {
    this.ctx.restore();
  }

  beginShift(dy: number): void {
    this.ctx.save();
    this.ctx.translate(0, dy);
  }

  endShift(): void {
    this.ctx.restore();
  }
}
