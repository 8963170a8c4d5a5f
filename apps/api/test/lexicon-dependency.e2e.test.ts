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
