// The pieces of SVG syntax the inspector reads: attributes, CSS declarations, gradients, style sheets, the
// canvas, entities. A subset on purpose: enough for the documents the engine renders and for hostile ones to
// fail closed (an unresolved paint is a failure upstream).
import { parseColour, type Rgba } from "./colour.ts";

const ATTR = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
const CSS_ANIMATION = /@keyframes|(^|[;{\s])animation(-name)?\s*:/i;

/** Gradient id → stop colours (with stop-opacity), following href to a template gradient. */
export function collectGradients(svg: string): Map<string, Rgba[]> {
  const stopsById = new Map<string, Rgba[]>();
  const hrefs = new Map<string, string>();
  const gradient = /<(linearGradient|radialGradient)\b([^>]*?)(\/>|>([\s\S]*?)<\/\1\s*>)/gi;
  for (const match of svg.matchAll(gradient)) {
    const attrs = parseAttributes(match[2] ?? "");
    const id = attrs.get("id");
    if (id === undefined) continue;
    const stops: Rgba[] = [];
    for (const stop of (match[4] ?? "").matchAll(/<stop\b([^>]*)>/gi)) {
      const stopAttrs = parseAttributes(stop[1] ?? "");
      const style = parseDeclarations(stopAttrs.get("style") ?? "");
      const colour = parseColour(style.get("stop-color") ?? stopAttrs.get("stop-color") ?? "black");
      if (colour === undefined) continue;
      const opacity = numberOr(style.get("stop-opacity") ?? stopAttrs.get("stop-opacity"), 1);
      stops.push({ ...colour, a: colour.a * opacity });
    }
    stopsById.set(id, stops);
    const href = attrs.get("href") ?? attrs.get("xlink:href");
    if (href?.startsWith("#")) hrefs.set(id, href.slice(1));
  }
  for (const [id, target] of hrefs) {
    if ((stopsById.get(id)?.length ?? 0) === 0 && (stopsById.get(target)?.length ?? 0) > 0) {
      stopsById.set(id, stopsById.get(target)!);
    }
  }
  // A gradient without any stop paints nothing we can check: leave it unresolved.
  for (const [id, stops] of stopsById) if (stops.length === 0) stopsById.delete(id);
  return stopsById;
}

export interface StyleSheets {
  background: Rgba | undefined;
  paints: string[];
  animated: boolean;
}

/** `<style>` blocks: the root background, every fill/stroke colour declared, and CSS animations. */
export function collectStyleSheets(svg: string): StyleSheets {
  const out: StyleSheets = { background: undefined, paints: [], animated: false };
  for (const block of svg.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) {
    const css = (block[1] ?? "").replace(/<!\[CDATA\[|\]\]>/g, "");
    if (CSS_ANIMATION.test(css)) out.animated = true;
    for (const rule of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
      const selector = rule[1]!.trim();
      const declarations = parseDeclarations(rule[2] ?? "");
      const bg = declarations.get("background-color") ?? declarations.get("background");
      if (bg !== undefined && /(^|[\s,])(svg|:root)\b/i.test(selector)) {
        out.background = parseColour(bg.split(/\s+/)[0]!) ?? out.background;
      }
      for (const key of ["fill", "stroke"]) {
        const value = declarations.get(key);
        if (value !== undefined && value.trim().toLowerCase() !== "none") out.paints.push(value.trim());
      }
    }
  }
  return out;
}

export interface Canvas {
  x: number;
  y: number;
  width: number | undefined;
  height: number | undefined;
}

export function canvasOf(attrs: ReadonlyMap<string, string>): Canvas {
  const viewBox = attrs
    .get("viewbox")
    ?.split(/[\s,]+/)
    .map(Number);
  if (viewBox !== undefined && viewBox.length === 4 && viewBox.every(Number.isFinite)) {
    return { x: viewBox[0]!, y: viewBox[1]!, width: viewBox[2]!, height: viewBox[3]! };
  }
  return { x: 0, y: 0, width: length(attrs.get("width")), height: length(attrs.get("height")) };
}

export function coversCanvas(attrs: ReadonlyMap<string, string>, canvas: Canvas): boolean {
  const x = length(attrs.get("x")) ?? 0;
  const y = length(attrs.get("y")) ?? 0;
  const covers = (value: string | undefined, start: number, origin: number, size: number | undefined) => {
    if (value === undefined) return false;
    if (value.trim() === "100%") return start <= origin;
    const n = length(value);
    return n !== undefined && size !== undefined && start <= origin && start + n >= origin + size;
  };
  return (
    covers(attrs.get("width"), x, canvas.x, canvas.width) &&
    covers(attrs.get("height"), y, canvas.y, canvas.height)
  );
}

export function length(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === "0%") return 0;
  const match = /^\s*(-?[\d.]+)(px)?\s*$/.exec(value);
  return match === null ? undefined : Number(match[1]);
}

export function parseAttributes(text: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const match of text.matchAll(ATTR)) {
    attrs.set(match[1]!.toLowerCase(), decodeEntities(match[2] ?? match[3] ?? match[4] ?? ""));
  }
  return attrs;
}

export function parseDeclarations(text: string): Map<string, string> {
  const declarations = new Map<string, string>();
  for (const part of text.split(";")) {
    const colon = part.indexOf(":");
    if (colon <= 0) continue;
    declarations.set(
      part.slice(0, colon).trim().toLowerCase(),
      part
        .slice(colon + 1)
        .replace(/!important/i, "")
        .trim(),
    );
  }
  return declarations;
}

export function numberOr(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const percent = value.trim().endsWith("%");
  const n = Number.parseFloat(value);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(1, Math.max(0, percent ? n / 100 : n));
}

export function isZero(value: string): boolean {
  return Number.parseFloat(value) === 0;
}

const ENTITIES: Readonly<Record<string, string>> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith("#x") || entity.startsWith("#X"))
      return safeCodePoint(Number.parseInt(entity.slice(2), 16), whole);
    if (entity.startsWith("#")) return safeCodePoint(Number.parseInt(entity.slice(1), 10), whole);
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

export function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}
