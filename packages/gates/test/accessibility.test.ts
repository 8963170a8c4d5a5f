import { describe, expect, it } from "vitest";
import { contrastRatio, parseColour, relativeLuminance } from "../src/cultural/colour.ts";
import { inspectSvg } from "../src/cultural/svg-inspect.ts";
import {
  audioArtifact,
  inspection,
  multimodalArtifact,
  never,
  principal,
  request,
  svgDocument,
  symbolicArtifact,
  visualArtifact,
} from "./helpers/artifacts.ts";
import { gates } from "./helpers/gates.ts";

const g = await gates({ quotasEnabled: false });
const t4 = principal(4);

function judge(artifact: ReturnType<typeof visualArtifact>, needs: string[] = []) {
  const req = request({ context: { cultural_context: { languages: ["en"], accessibility_needs: needs } } });
  return g.cultural.evaluate(inspection(artifact, req, t4), never);
}

describe("colour arithmetic (WCAG 2.2)", () => {
  it("parses hex, rgb(), rgba(), hsl() and named colours", () => {
    expect(parseColour("#fff")).toEqual({ r: 255, g: 255, b: 255, a: 1 });
    expect(parseColour("#00000080")).toEqual({ r: 0, g: 0, b: 0, a: 128 / 255 });
    expect(parseColour("rgb(255, 0, 0)")).toEqual({ r: 255, g: 0, b: 0, a: 1 });
    expect(parseColour("rgb(100% 0% 0% / 50%)")).toEqual({ r: 255, g: 0, b: 0, a: 0.5 });
    expect(parseColour("rgba(0,0,255,0.25)")).toEqual({ r: 0, g: 0, b: 255, a: 0.25 });
    expect(parseColour("hsl(120, 100%, 25%)")).toMatchObject({ r: 0, g: 127.5, b: 0 });
    expect(parseColour("Navy")).toEqual({ r: 0, g: 0, b: 128, a: 1 });
    expect(parseColour("url(#g)")).toBeUndefined();
    expect(parseColour("#12345")).toBeUndefined();
  });

  it("computes relative luminance and the contrast ratio", () => {
    const white = parseColour("#ffffff")!;
    const black = parseColour("#000000")!;
    expect(relativeLuminance(white)).toBeCloseTo(1, 6);
    expect(relativeLuminance(black)).toBe(0);
    expect(contrastRatio(white, black)).toBeCloseTo(21, 6);
    // WCAG's own threshold examples: #767676 on white is the lightest grey passing 4.5:1, #777777 fails.
    expect(contrastRatio(parseColour("#767676")!, white)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(parseColour("#777777")!, white)).toBeLessThan(4.5);
    expect(contrastRatio(parseColour("#595959")!, white)).toBeGreaterThanOrEqual(7);
  });
});

describe("SVG inspection", () => {
  it("finds the background rect, the foreground paints, the title and the text", () => {
    const svg = inspectSvg(
      svgDocument({
        background: "#101010",
        title: "Night harbor",
        shapes: [
          { fill: "#eeeeee" },
          { element: "text", fill: "rgb(250,250,250)", text: "calm &amp; bright" },
        ],
      }),
    );
    expect(svg.backgroundSource).toBe("rect");
    expect(svg.background).toMatchObject({ r: 16, g: 16, b: 16 });
    expect(svg.paints.map((p) => p.raw)).toEqual(["#eeeeee", "rgb(250,250,250)"]);
    expect(svg.title).toBe("Night harbor");
    expect(svg.texts).toEqual(["Night harbor", "calm & bright"]);
    expect(svg.animated).toBe(false);
  });

  it("takes the background from the root's style, inherits group paints and resolves gradients", () => {
    const svg =
      inspectSvg(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" style="background-color: #000">
      <defs><linearGradient id="g"><stop offset="0" stop-color="#ffffff"/><stop offset="1" style="stop-color:#cccccc"/></linearGradient></defs>
      <g fill="#ffff00" opacity="0.5"><circle r="2"/></g>
      <rect x="1" y="1" width="2" height="2" fill="url(#g)"/>
    </svg>`);
    expect(svg.backgroundSource).toBe("style");
    expect(svg.background).toMatchObject({ r: 0, g: 0, b: 0 });
    expect(svg.paints[0]).toMatchObject({ raw: "#ffff00", opacity: 0.5 });
    expect(svg.paints[1]!.colours).toHaveLength(2);
  });

  it("detects SMIL and CSS animation", () => {
    expect(inspectSvg(svgDocument({ animate: true })).animated).toBe(true);
    expect(
      inspectSvg(`<svg><style>@keyframes spin { to { transform: rotate(1turn) } }</style></svg>`).animated,
    ).toBe(true);
  });
});

describe("the CulturalSafetyChecker's accessibility checks", () => {
  it("approves a visual artifact whose colours all contrast 4.5:1 with its background", async () => {
    const outcome = await judge(
      visualArtifact({ svg: svgDocument({ background: "#ffffff", shapes: [{ fill: "#333333" }] }) }),
    );
    expect(outcome).toMatchObject({ status: "approved", score: 1 });
  });

  it("rejects low contrast computed from the SVG's own colours", async () => {
    const svg = svgDocument({
      background: "#ffffff",
      shapes: [{ fill: "#000000" }, { element: "circle", fill: "#aaaaaa" }],
    });
    const outcome = await judge(visualArtifact({ svg }));
    expect(outcome).toMatchObject({ status: "rejected", rule_id: "accessibility.contrast", score: 0.8 });
    expect(outcome.reason).toContain("contrast 2.32:1 between #aaaaaa and background #ffffff is below 4.5:1");
  });

  it("counts opacity: a dark colour painted at 30% opacity on white fails", async () => {
    const svg = svgDocument({ background: "#ffffff", shapes: [{ fill: "#000000", opacity: 0.3 }] });
    expect((await judge(visualArtifact({ svg }))).rule_id).toBe("accessibility.contrast");
  });

  it("requires 7:1 with high_contrast", async () => {
    const svg = svgDocument({ background: "#ffffff", shapes: [{ fill: "#666666" }] });
    expect((await judge(visualArtifact({ svg }))).status).toBe("approved");
    const outcome = await judge(visualArtifact({ svg }), ["high_contrast"]);
    expect(outcome.rule_id).toBe("accessibility.contrast");
    expect(outcome.reason).toContain("below 7:1");
  });

  it("fails closed on a paint it cannot resolve", async () => {
    const svg = svgDocument({ background: "#ffffff", shapes: [{ fill: "url(#pattern1)" }] });
    const outcome = await judge(visualArtifact({ svg }));
    expect(outcome.rule_id).toBe("accessibility.contrast");
    expect(outcome.reason).toContain("cannot be verified");
  });

  it("needs a text alternative for screen readers, from the artifact or the SVG title", async () => {
    const svg = svgDocument({ background: "#ffffff", shapes: [{ fill: "#000000" }] });
    const bare = visualArtifact({ svg });
    delete bare.text_alternative;
    const outcome = await judge(bare, ["screen_reader"]);
    expect(outcome).toMatchObject({ status: "rejected", rule_id: "accessibility.text_alternative" });
    const titled = visualArtifact({
      svg: svgDocument({ background: "#fff", shapes: [{ fill: "#000" }], title: "Squares" }),
    });
    delete titled.text_alternative;
    expect((await judge(titled, ["screen_reader"])).status).toBe("approved");
    expect((await judge(symbolicArtifact(), ["screen_reader"])).status).toBe("approved");
  });

  it("forbids animation with reduced_motion", async () => {
    const moving = visualArtifact({
      svg: svgDocument({ background: "#ffffff", shapes: [{ fill: "#000" }], animate: true }),
    });
    expect((await judge(moving)).status).toBe("approved");
    const outcome = await judge(moving, ["reduced-motion"]);
    expect(outcome).toMatchObject({ status: "rejected", rule_id: "accessibility.reduced_motion" });
    expect((await judge(visualArtifact({ animated: true }), ["reduced_motion"])).status).toBe("rejected");
  });

  it("requires a text description on audio", async () => {
    const silent = audioArtifact();
    expect(await judge(silent)).toMatchObject({
      status: "rejected",
      rule_id: "accessibility.audio_description",
    });
    expect((await judge(audioArtifact({ textAlternative: "A low hum rising" }))).status).toBe("approved");
    expect((await judge(multimodalArtifact())).status).toBe("approved");
  });

  it("adds the penalties of several failures into one score", async () => {
    const svg = svgDocument({ background: "#ffffff", shapes: [{ fill: "#bbbbbb" }], animate: true });
    const artifact = visualArtifact({ svg });
    delete artifact.text_alternative;
    const outcome = await judge(artifact, ["screen_reader", "reduced_motion"]);
    expect(outcome.score).toBe(0.4);
    expect(outcome.reason).toMatch(/^cultural safety score 0\.40 below 0\.85: contrast/);
  });
});
