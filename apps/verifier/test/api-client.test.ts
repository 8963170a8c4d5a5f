import { describe, expect, it } from "vitest";
import { createApiClient } from "../src/api-client.ts";

const answering = (status: number): typeof fetch =>
  (async () => new Response("{}", { status })) as unknown as typeof fetch;

describe("the --api client", () => {
  it("tells the user to set QRG_TOKEN when an artifact read is refused for want of a token", async () => {
    const client = createApiClient("http://127.0.0.1:1", answering(401));
    await expect(client.content("qrg:550e8400-e29b-41d4-a716-446655440000")).rejects.toThrow(
      /answered 401: set QRG_TOKEN to the artifact owner's \(or an auditor's\) bearer token/,
    );
  });

  it("says nothing of tokens for an artifact that does not exist", async () => {
    const client = createApiClient("http://127.0.0.1:1", answering(404));
    await expect(client.content("qrg:550e8400-e29b-41d4-a716-446655440000")).rejects.toThrow(/answered 404$/);
  });
});
