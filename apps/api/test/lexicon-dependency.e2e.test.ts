import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadLexicon } from "@qrg/engine";
import { readFixture } from "@qrg/schema/testing";
import { describe, expect, it } from "vitest";
import { json, startTestApi } from "./support/harness.ts";

const example = readFixture<Record<string, unknown>>("example-request.json");

describe("the lexicon in an artifact's provenance", () => {
  it("is the path-free urn:qrg:lexicon:lexicon.json with the lexicon's digest, never the server's file path", async () => {
    await using api = await startTestApi();
    const body = await json(await api.post("/api/v1/qrg/generate", example));
    const statement = JSON.parse(Buffer.from(body.provenance.statement_b64, "base64").toString("utf8"));
    const dependencies: { uri: string; digest: Record<string, string> }[] =
      statement.predicate.buildDefinition.resolvedDependencies;
    const lexicons = dependencies.filter((d) => d.uri.startsWith("urn:qrg:lexicon:"));
    expect(lexicons.map((d) => d.uri)).toEqual(["urn:qrg:lexicon:lexicon.json"]);
    expect(`sha256:${lexicons[0]!.digest.sha256}`).toBe(loadLexicon().digest);
    expect(JSON.stringify(dependencies)).not.toContain(process.cwd());
    expect(JSON.stringify(dependencies)).not.toContain("packages/");
  });
});

describe("the harmful-intent model in an artifact's provenance", () => {
  it("is a resolved dependency urn:qrg:model:<id>@<version> with the shipped model file's sha256", async () => {
    await using api = await startTestApi();
    const body = await json(await api.post("/api/v1/qrg/generate", example));
    const statement = JSON.parse(Buffer.from(body.provenance.statement_b64, "base64").toString("utf8"));
    const dependencies: { uri: string; name: string; digest: Record<string, string> }[] =
      statement.predicate.buildDefinition.resolvedDependencies;
    const models = dependencies.filter((d) => d.uri.startsWith("urn:qrg:model:"));
    expect(models).toHaveLength(1);
    const bytes = readFileSync(new URL("../../../packages/gates/data/intent-model.v1.json", import.meta.url));
    expect(models[0]!.digest.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(models[0]!.uri).toBe(`urn:qrg:model:${models[0]!.name}`);
  });
});
