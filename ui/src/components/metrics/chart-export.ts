// A chart scene (charts.ts) as a file: an SVG document with the theme's colours written in,
// or a PNG painted on a canvas at twice the size. Neither loads an image or a data: URL, so
// both work under the window's content security policy (img-src 'self').

import type { Mark, Scene, Tone } from "./charts";

/** The CSS variable each tone is drawn with. */
export const TONE_VARIABLES: Record<Tone, string> = {
  accent: "--chart-accent",
  success: "--chart-success",
  other: "--chart-other",
  warn: "--chart-warn",
  text: "--text",
  soft: "--text-soft",
  muted: "--text-muted",
  grid: "--border",
  track: "--surface-sunken",
};

export interface Palette {
  tones: Record<Tone, string>;
  background: string;
  font: string;
}

/** The theme's colours and font as the window shows them now. */
export function currentPalette(root: Element = document.documentElement): Palette {
  const style = getComputedStyle(root);
  const tones = Object.fromEntries(
    Object.entries(TONE_VARIABLES).map(([tone, variable]) => [tone, style.getPropertyValue(variable).trim() || "#000"]),
  ) as Record<Tone, string>;
  return {
    tones,
    background: style.getPropertyValue("--surface").trim() || "#fff",
    font: getComputedStyle(document.body).fontFamily || "sans-serif",
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

function svgMark(m: Mark, p: Palette): string {
  const colour = p.tones[m.tone];
  switch (m.kind) {
    case "rect":
      return `<rect x="${m.x}" y="${m.y}" width="${m.w}" height="${m.h}" rx="${m.rx ?? 0}" fill="${colour}"/>`;
    case "line":
      return `<line x1="${m.x1}" y1="${m.y1}" x2="${m.x2}" y2="${m.y2}" stroke="${colour}" stroke-width="${m.width ?? 1}"${m.dash ? ' stroke-dasharray="3 4"' : ""}/>`;
    case "path":
      return `<path d="${m.d}" fill="none" stroke="${colour}" stroke-width="${m.width}" stroke-linejoin="round"/>`;
    case "circle":
      return `<circle cx="${m.cx}" cy="${m.cy}" r="${m.r}" fill="${p.background}" stroke="${colour}" stroke-width="2.5"/>`;
    case "text":
      return `<text x="${m.x}" y="${m.y}" fill="${colour}" font-size="${m.size ?? 12}"${m.bold ? ' font-weight="700"' : ""} text-anchor="${m.anchor ?? "start"}">${escapeXml(m.text)}</text>`;
  }
}

/** The scene as a standalone SVG document, with its summary as title and description. */
export function sceneToSvg(scene: Scene, p: Palette): string {
  const margin = 16;
  const w = scene.width + 2 * margin;
  const h = scene.height + 2 * margin;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" font-family="${escapeXml(p.font)}">`,
    `<title>${escapeXml(scene.title)}</title>`,
    `<desc>${escapeXml(scene.summary)}</desc>`,
    `<rect width="${w}" height="${h}" fill="${p.background}"/>`,
    `<g transform="translate(${margin} ${margin})">`,
    ...scene.marks.map((m) => svgMark(m, p)),
    `</g>`,
    `</svg>`,
  ].join("\n");
}

/** Paints the scene on a 2D context (already scaled), in the palette's colours. */
export function paintScene(ctx: CanvasRenderingContext2D, scene: Scene, p: Palette): void {
  for (const m of scene.marks) {
    const colour = p.tones[m.tone];
    ctx.setLineDash([]);
    switch (m.kind) {
      case "rect":
        ctx.fillStyle = colour;
        ctx.beginPath();
        ctx.roundRect(m.x, m.y, m.w, m.h, m.rx ?? 0);
        ctx.fill();
        break;
      case "line":
        ctx.strokeStyle = colour;
        ctx.lineWidth = m.width ?? 1;
        if (m.dash) ctx.setLineDash([3, 4]);
        ctx.beginPath();
        ctx.moveTo(m.x1, m.y1);
        ctx.lineTo(m.x2, m.y2);
        ctx.stroke();
        break;
      case "path":
        ctx.strokeStyle = colour;
        ctx.lineWidth = m.width;
        ctx.lineJoin = "round";
        ctx.stroke(new Path2D(m.d));
        break;
      case "circle":
        ctx.fillStyle = p.background;
        ctx.strokeStyle = colour;
        ctx.lineWidth = 2.5;
        ctx.beginPath();
        ctx.arc(m.cx, m.cy, m.r, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
        break;
      case "text":
        ctx.fillStyle = colour;
        ctx.font = `${m.bold ? "700 " : ""}${m.size ?? 12}px ${p.font}`;
        ctx.textAlign = m.anchor === "middle" ? "center" : m.anchor === "end" ? "right" : "left";
        ctx.fillText(m.text, m.x, m.y);
        break;
    }
  }
}

/** The scene as PNG file bytes, at twice its size. */
export async function sceneToPng(scene: Scene, p: Palette): Promise<Uint8Array> {
  const margin = 16;
  const scale = 2;
  const canvas = document.createElement("canvas");
  canvas.width = (scene.width + 2 * margin) * scale;
  canvas.height = (scene.height + 2 * margin) * scale;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("this window cannot draw images");
  ctx.scale(scale, scale);
  ctx.fillStyle = p.background;
  ctx.fillRect(0, 0, scene.width + 2 * margin, scene.height + 2 * margin);
  ctx.translate(margin, margin);
  paintScene(ctx, scene, p);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("the chart could not be drawn as PNG");
  return new Uint8Array(await blob.arrayBuffer());
}
