import { composite, parseColour, type Rgba } from "./colour.ts";
import {
  type Canvas,
  canvasOf,
  collectGradients,
  collectStyleSheets,
  coversCanvas,
  decodeEntities,
  isZero,
  numberOr,
  parseAttributes,
  parseDeclarations,
} from "./svg-syntax.ts";

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
