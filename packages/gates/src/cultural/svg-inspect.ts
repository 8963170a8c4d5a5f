import { composite, parseColour, type Rgba } from "./colour.ts";

/** A foreground paint of the SVG, resolved to colours (one per gradient stop) and its effective opacity. */
export interface SvgPaint {
  readonly element: string;
  readonly property: "fill" | "stroke" | "style";
  readonly raw: string;
  readonly colours: readonly Rgba[];
  readonly opacity: number;
}

/** What the cultural gate needs from an SVG render. */
export interface SvgInspection {
  /** The opaque colour everything is painted on. */
  readonly background: Rgba;
  /** Where it came from: a canvas-covering first `<rect>`, the root's CSS `background`, or white by default. */
  readonly backgroundSource: "rect" | "style" | "default";
  readonly paints: readonly SvgPaint[];
  /** Paints that could not be resolved to colours (`url(#pattern)`, unknown names): contrast unverifiable. */
  readonly unresolved: readonly string[];
  /** SMIL animation elements or CSS animations. */
  readonly animated: boolean;
  /** The root `<title>`, the SVG's own text alternative. */
  readonly title: string | undefined;
  /** Every user-visible string: `<text>`, `<title>`, `<desc>` content and aria-label values. */
  readonly texts: readonly string[];
}

const TAG =
  /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*(\/?)>/g;
const ATTR = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
/** Subtrees that are never painted where they stand. */
const NOT_RENDERED = new Set([
  "defs",
  "clippath",
  "mask",
  "pattern",
  "lineargradient",
  "radialgradient",
  "symbol",
  "marker",
  "filter",
  "metadata",
  "script",
  "style",
]);
const SHAPES = new Set(["rect", "circle", "ellipse", "line", "polyline", "polygon", "path", "text", "use"]);
const TEXT_CONTAINERS = new Set(["text", "title", "desc"]);
const ANIMATION = /<(animate|animateTransform|animateMotion|set)\b/i;
const CSS_ANIMATION = /@keyframes|(^|[;{\s])animation(-name)?\s*:/i;
const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };

interface Frame {
  readonly name: string;
  readonly fill: string | undefined;
  readonly stroke: string | undefined;
  readonly colour: string | undefined;
  readonly fillOpacity: number;
  readonly strokeOpacity: number;
  readonly strokeWidthZero: boolean;
  readonly opacity: number;
  readonly hidden: boolean;
}

/** Parses an SVG document just enough to check contrast, animation and text alternatives. */
export function inspectSvg(svg: string): SvgInspection {
  const gradients = collectGradients(svg);
  const css = collectStyleSheets(svg);
  const texts: string[] = [];
  const paints: SvgPaint[] = [];
  const unresolved: string[] = [];
  let title: string | undefined;
  let base: Rgba = WHITE;
  let backgroundSource: SvgInspection["backgroundSource"] = "default";
  let background: Rgba | undefined;
  let canvas: Canvas = { x: 0, y: 0, width: undefined, height: undefined };
  let firstShapeSeen = false;

  if (css.background !== undefined) {
    base = composite(css.background, WHITE);
    backgroundSource = "style";
  }

  const stack: Frame[] = [];
  let textBuffer: { name: string; depth: number; text: string } | undefined;
  let last = 0;
  TAG.lastIndex = 0;
  for (let match = TAG.exec(svg); match !== null; match = TAG.exec(svg)) {
    const between = svg.slice(last, match.index);
    last = TAG.lastIndex;
    if (textBuffer !== undefined) textBuffer.text += decodeEntities(between);
    if (match[1] !== undefined && textBuffer !== undefined) textBuffer.text += match[1];
    const name = match[3]?.toLowerCase();
    if (name === undefined) continue;
    const closing = match[2] === "/";
    const selfClosing = match[5] === "/";

    if (closing) {
      const index = stack.map((f) => f.name).lastIndexOf(name);
      if (textBuffer !== undefined && textBuffer.name === name && textBuffer.depth === index) {
        const text = textBuffer.text.replace(/\s+/g, " ").trim();
        if (text.length > 0) texts.push(text);
        // The SVG's own text alternative is the <title> that is a direct child of the root.
        if (name === "title" && title === undefined && index === 1) title = text;
        textBuffer = undefined;
      }
      if (index >= 0) stack.length = index;
      continue;
    }

    const attrs = parseAttributes(match[4] ?? "");
    const parent = stack[stack.length - 1];
    const style = parseDeclarations(attrs.get("style") ?? "");
    const prop = (key: string) => style.get(key) ?? attrs.get(key);
    const inheritOr = (own: string | undefined, inherited: string | undefined) =>
      own === undefined || own === "inherit" ? inherited : own;
    const frame: Frame = {
      name,
      fill: inheritOr(prop("fill"), parent?.fill),
      stroke: inheritOr(prop("stroke"), parent?.stroke),
      colour: inheritOr(prop("color"), parent?.colour),
      fillOpacity: numberOr(prop("fill-opacity"), parent?.fillOpacity ?? 1),
      strokeOpacity: numberOr(prop("stroke-opacity"), parent?.strokeOpacity ?? 1),
      strokeWidthZero:
        prop("stroke-width") === undefined
          ? (parent?.strokeWidthZero ?? false)
          : isZero(prop("stroke-width")!),
      opacity: (parent?.opacity ?? 1) * numberOr(prop("opacity"), 1),
      hidden:
        (parent?.hidden ?? false) ||
        NOT_RENDERED.has(name) ||
        prop("display") === "none" ||
        prop("visibility") === "hidden",
    };

    if (name === "svg" && stack.length === 0) {
      canvas = canvasOf(attrs);
      const bg = style.get("background-color") ?? style.get("background");
      const colour = bg === undefined ? undefined : parseColour(bg.split(/\s+/)[0]!);
      if (colour !== undefined) {
        base = composite(colour, WHITE);
        backgroundSource = "style";
      }
    }

    const label = attrs.get("aria-label");
    if (label !== undefined && label.trim().length > 0) texts.push(decodeEntities(label).trim());

    if (!frame.hidden && SHAPES.has(name)) {
      const isBackground = !firstShapeSeen && name === "rect" && coversCanvas(attrs, canvas);
      firstShapeSeen = true;
      if (isBackground) {
        const fill = resolvePaint(frame.fill ?? "black", frame, gradients);
        if (fill !== undefined && fill.length > 0) {
          background = composite(fill[0]!, base, frame.opacity * frame.fillOpacity);
          backgroundSource = "rect";
        } else if (fill === undefined) {
          unresolved.push(frame.fill ?? "black");
        }
      } else {
        addPaint(
          paints,
          unresolved,
          name,
          "fill",
          name === "line" ? "none" : (frame.fill ?? "black"),
          frame,
          gradients,
        );
        if (!frame.strokeWidthZero) {
          addPaint(paints, unresolved, name, "stroke", frame.stroke ?? "none", frame, gradients);
        }
      }
    }
    if (name === "tspan" && !frame.hidden && (prop("fill") !== undefined || prop("stroke") !== undefined)) {
      addPaint(paints, unresolved, name, "fill", frame.fill ?? "black", frame, gradients);
    }

    if (TEXT_CONTAINERS.has(name) && textBuffer === undefined && !selfClosing) {
      textBuffer = { name, depth: stack.length, text: "" };
    }
    if (!selfClosing) stack.push(frame);
  }

  for (const raw of css.paints) {
    const colour = parseColour(raw);
    if (colour === undefined) unresolved.push(raw);
    else if (colour.a > 0)
      paints.push({ element: "style", property: "style", raw, colours: [colour], opacity: 1 });
  }

  return {
    background: background ?? base,
    backgroundSource,
    paints,
    unresolved,
    animated: ANIMATION.test(svg) || css.animated,
    title,
    texts,
  };
}

function addPaint(
  paints: SvgPaint[],
  unresolved: string[],
  element: string,
  property: "fill" | "stroke",
  raw: string,
  frame: Frame,
  gradients: ReadonlyMap<string, Rgba[]>,
): void {
  const colours = resolvePaint(raw, frame, gradients);
  if (colours === undefined) {
    unresolved.push(raw);
    return;
  }
  const opacity = frame.opacity * (property === "fill" ? frame.fillOpacity : frame.strokeOpacity);
  const visible = colours.filter((c) => c.a * opacity > 0);
  if (visible.length > 0) paints.push({ element, property, raw, colours: visible, opacity });
}

/** Colours of a paint value; `[]` for none; undefined when it cannot be resolved. */
function resolvePaint(raw: string, frame: Frame, gradients: ReadonlyMap<string, Rgba[]>): Rgba[] | undefined {
  const value = raw.trim().toLowerCase();
  if (value === "none") return [];
  const url = /^url\(\s*['"]?#([^'")\s]+)['"]?\s*\)/.exec(raw.trim());
  if (url !== null) return gradients.get(url[1]!);
  if (value === "currentcolor")
    return resolvePaint(frame.colour ?? "black", { ...frame, colour: "black" }, gradients);
  const colour = parseColour(value);
  return colour === undefined ? undefined : [colour];
}

/** Gradient id → stop colours (with stop-opacity), following href to a template gradient. */
function collectGradients(svg: string): Map<string, Rgba[]> {
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

interface StyleSheets {
  background: Rgba | undefined;
  paints: string[];
  animated: boolean;
}

/** `<style>` blocks: the root background, every fill/stroke colour declared, and CSS animations. */
function collectStyleSheets(svg: string): StyleSheets {
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

interface Canvas {
  x: number;
  y: number;
  width: number | undefined;
  height: number | undefined;
}

function canvasOf(attrs: ReadonlyMap<string, string>): Canvas {
  const viewBox = attrs
    .get("viewbox")
    ?.split(/[\s,]+/)
    .map(Number);
  if (viewBox !== undefined && viewBox.length === 4 && viewBox.every(Number.isFinite)) {
    return { x: viewBox[0]!, y: viewBox[1]!, width: viewBox[2]!, height: viewBox[3]! };
  }
  return { x: 0, y: 0, width: length(attrs.get("width")), height: length(attrs.get("height")) };
}

function coversCanvas(attrs: ReadonlyMap<string, string>, canvas: Canvas): boolean {
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

function length(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === "0%") return 0;
  const match = /^\s*(-?[\d.]+)(px)?\s*$/.exec(value);
  return match === null ? undefined : Number(match[1]);
}

function parseAttributes(text: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const match of text.matchAll(ATTR)) {
    attrs.set(match[1]!.toLowerCase(), decodeEntities(match[2] ?? match[3] ?? match[4] ?? ""));
  }
  return attrs;
}

function parseDeclarations(text: string): Map<string, string> {
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

function numberOr(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const percent = value.trim().endsWith("%");
  const n = Number.parseFloat(value);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(1, Math.max(0, percent ? n / 100 : n));
}

function isZero(value: string): boolean {
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

function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith("#x") || entity.startsWith("#X"))
      return safeCodePoint(Number.parseInt(entity.slice(2), 16), whole);
    if (entity.startsWith("#")) return safeCodePoint(Number.parseInt(entity.slice(1), 10), whole);
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}
