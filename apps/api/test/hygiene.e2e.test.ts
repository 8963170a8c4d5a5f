import { Socket } from "node:net";
import { readFixture } from "@qrg/schema/testing";
import { describe, expect, it } from "vitest";
import { json, startTestApi } from "./support/harness.ts";

const example = readFixture<Record<string, any>>("example-request.json");
const GENERATE = "/api/v1/qrg/generate";

/** Sends raw bytes and collects everything the server answers until it closes the connection. */
function raw(url: string, request: string, waitMs = 5000): Promise<{ text: string; closed: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let text = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, waitMs);
    socket.on("data", (chunk) => {
      text += chunk.toString();
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    socket.on("error", reject);
    socket.connect(Number(port), hostname, () => socket.write(request));
  });
}

describe("regressions found under attack", () => {
  it("answers what Node's HTTP parser refuses with problem+json, not bare text", async () => {
    await using api = await startTestApi();
    const { text, closed } = await raw(api.url, "GARBAGE / HTTP/9.9\r\n\r\n");
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(text.split("\r\n\r\n")[1]!)).toMatchObject({ status: 400, code: "malformed_request" });
    expect(closed).toBe(true);
  });

  it("refuses a token-less upload at once and closes, instead of draining a slow body", async () => {
    await using api = await startTestApi();
    const started = Date.now();
    const { text, closed } = await raw(
      api.url,
      `POST ${GENERATE} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 60000\r\n\r\n{"user_id":`,
    );
    expect(text).toMatch(/^HTTP\/1\.1 401 /);
    expect(text).toMatch(/connection: close/i);
    expect(closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it("closes after a 413 rather than promising keep-alive", async () => {
    await using api = await startTestApi();
    const res = await api.post(GENERATE, { ...example, padding: "x".repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect(res.headers.get("connection")).toBe("close");
  });

  it("does not reflect the Host header into openapi.json", async () => {
    await using api = await startTestApi();
    const { text } = await raw(
      api.url,
      "GET /openapi.json HTTP/1.1\r\nhost: evil.example\r\nconnection: close\r\n\r\n",
    );
    const doc = JSON.parse(
      text
        .slice(text.indexOf("\r\n\r\n") + 4)
        .replace(/^[0-9a-f]+\r\n/, "")
        .replace(/\r\n0\r\n\r\n$/, ""),
    );
    expect(doc.servers[0].url).toBe(api.url);
  });

  it("refuses unknown fields with 400 naming them, and deep nesting with 400, without using quota", async () => {
    await using api = await startTestApi({ QRG_QUOTAS: "on" });
    const unknown = await api.post(GENERATE, { ...example, padding: "junk" });
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).detail).toMatch(/padding/);
    const deep = JSON.stringify({ ...example, x: "X" }).replace(
      '"X"',
      `${"[".repeat(30_000)}${"]".repeat(30_000)}`,
    );
    const nested = await api.post(GENERATE, deep);
    expect(nested.status).toBe(400);
    const ok = await api.post(GENERATE, example);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("ratelimit-remaining")).toBe("9");
  });

  it("refuses a valid token with == appended", async () => {
    await using api = await startTestApi();
    expect((await api.post(GENERATE, example, `${await api.token()}==`)).status).toBe(401);
  });

  it("keeps the /metrics endpoint off the API port unless the metrics token is presented", async () => {
    await using api = await startTestApi({ QRG_METRICS_TOKEN: "m".repeat(24) });
    const { qrg_id } = await json(await api.post(GENERATE, example));
    expect((await api.get("/metrics", {}, null)).status).toBe(401);
    const ok = await api.get("/metrics", { authorization: `Bearer ${"m".repeat(24)}` }, null);
    expect(ok.status).toBe(200);
    const text = await ok.text();
    expect(text).toMatch(/qrg_provenance_slsa_level/);
    expect(text).not.toMatch(/qrg_id="/);
    expect(text).not.toContain(qrg_id);
  });
});
