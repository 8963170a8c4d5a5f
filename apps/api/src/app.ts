import type { Principal, QRGAdapter } from "@qrg/core";
import { QRGError, QRGValidationError } from "@qrg/core";
import { isQrgId, QRGRequestSchema, ValidateRequestSchema } from "@qrg/schema";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import type { TokenVerifier } from "./auth/token-verifier.ts";
import { generateAsync, prefersAsync } from "./consensus/async-generate.ts";
import type { MeshConsensusService } from "./consensus/mesh-consensus.ts";
import { meshRoutes } from "./consensus/mesh-routes.ts";
import { type HttpObserver, noopHttpObserver } from "./http-observer.ts";
import { MAX_BODY_BYTES } from "./limits.ts";
import { buildOpenApiDocument } from "./openapi.ts";
import { toProblem } from "./problem.ts";

export interface AppOptions {
  adapter: QRGAdapter;
  verifier: TokenVerifier;
  /** QRG_ENABLED: when false every QRG route answers 404. @default true */
  enabled?: boolean;
  /** Base URL for links; when undefined the request's own origin is used. */
  publicUrl?: string;
  version?: string;
  /** Telemetry hooks: trace context, HTTP metrics, /metrics exposition. @default none */
  http?: HttpObserver;
  /** Mesh consensus (QRG_CONSENSUS_ENABLED): its job and node routes, and asynchronous generation. @default none */
  mesh?: MeshConsensusService;
}

type Env = { Variables: { principal: Principal } };

/**
 * The QRG HTTP API as a Hono app, apart from any server: tests drive it with `app.request()`, `serve()`
 * puts it on a socket.
 */
export function createApp(options: AppOptions): Hono<Env> {
  const { adapter, verifier } = options;
  const enabled = options.enabled ?? true;
  const http = options.http ?? noopHttpObserver;
  const app = new Hono<Env>();

  const send = (c: Context, error: unknown) => {
    const result = toProblem(error);
    // Only a 500 hides its cause from the client: the log keeps it.
    if (result.status === 500) http.logError(error);
    const traceId = http.traceId();
    const body = { ...result.body, instance: c.req.path, ...(traceId ? { trace_id: traceId } : {}) };
    return c.body(JSON.stringify(body), result.status as 400, {
      "content-type": "application/problem+json",
      ...result.headers,
    });
  };

  app.use("*", http.middleware);
  app.onError((error, c) => send(c, error));
  app.notFound((c) => send(c, new QRGError("not_found", `no route ${c.req.method} ${c.req.path}`)));

  app.get("/openapi.json", (c) =>
    c.json(buildOpenApiDocument({ serverUrl: base(c), version: options.version ?? "0.1.0" })),
  );
  app.get("/metrics", http.metrics);

  const qrg = new Hono<Env>();
  qrg.use("*", async (_c, next) => {
    if (!enabled) throw new QRGError("not_found", "QRG is disabled on this deployment");
    await next();
  });

  const authenticate = async (c: Context<Env>, next: () => Promise<void>) => {
    const header = c.req.header("authorization");
    const match = header ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header) : null;
    if (!match) throw new QRGError("unauthorized", "a Lambda ID bearer token is required");
    c.set("principal", await verifier.verify(match[1]!));
    await next();
  };

  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      send(c, new QRGError("payload_too_large", `request body exceeds ${MAX_BODY_BYTES} bytes`)),
  });

  qrg.post("/generate", limit, authenticate, async (c) => {
    const request = await parseJson(c, QRGRequestSchema);
    const principal = c.get("principal");
    if (request.user_id !== principal.sub) {
      throw new QRGError("forbidden", "user_id must equal the token's subject");
    }
    const tier = request.context?.tier_level;
    if (tier !== undefined && tier > principal.tier) {
      throw new QRGError(
        "forbidden",
        `context.tier_level ${tier} exceeds the token's tier ${principal.tier}`,
      );
    }
    if (options.mesh && request.options?.consensus_required && prefersAsync(c.req.header("prefer"))) {
      const job = await generateAsync(adapter, options.mesh, { request, principal });
      return c.json(job, 202, { location: job.location, "preference-applied": "respond-async" });
    }
    const response = await adapter.generate({ request, principal, signal: c.req.raw.signal });
    return c.json(response);
  });

  qrg.post("/validate", limit, authenticate, async (c) => {
    const body = await parseJson(c, ValidateRequestSchema);
    return c.json(await adapter.validate(body));
  });

  qrg.get("/health", async (c) => {
    const health = await adapter.health();
    return c.json(health, health.status === "unhealthy" ? 503 : 200);
  });

  qrg.get("/artifacts/:qrg_id", async (c) => {
    const response = await adapter.getArtifact(qrgId(c.req.param("qrg_id")));
    if (!response) throw new QRGError("not_found", "no such artifact");
    return c.json(response);
  });

  qrg.get("/artifacts/:qrg_id/content", async (c) => {
    const content = await adapter.getContent(qrgId(c.req.param("qrg_id")));
    if (!content) throw new QRGError("not_found", "no such artifact");
    return c.body(content.bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": content.content_type,
      "content-length": String(content.bytes.byteLength),
      digest: content.hash,
      "cache-control": "public, max-age=31536000, immutable",
    });
  });

  qrg.get("/attestations/:qrg_id", async (c) => {
    const doc = await adapter.getAttestation(qrgId(c.req.param("qrg_id")));
    if (!doc) throw new QRGError("not_found", "no such attestation");
    return c.body(doc as Uint8Array<ArrayBuffer>, 200, { "content-type": "application/json" });
  });

  qrg.get("/sbom/:digest", async (c) => {
    const digest = c.req.param("digest");
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) throw new QRGValidationError("digest must be sha256:<64 hex>");
    const sbom = await adapter.getSbom(digest);
    if (!sbom) throw new QRGError("not_found", "no such SBOM");
    return c.body(sbom as Uint8Array<ArrayBuffer>, 200, { "content-type": "application/vnd.cyclonedx+json" });
  });

  qrg.get("/keys", async (c) => c.json({ keys: await adapter.listKeys() }));

  qrg.get("/keys/:key_id", async (c) => {
    const id = c.req.param("key_id");
    const key = (await adapter.listKeys()).find((k) => k.key_id === id);
    if (!key) throw new QRGError("not_found", "no such key");
    if ((c.req.header("accept") ?? "").includes("application/x-pem-file")) {
      return c.body(key.public_key_pem, 200, { "content-type": "application/x-pem-file" });
    }
    return c.json(key);
  });

  qrg.route("/", meshRoutes(options.mesh));

  app.route("/api/v1/qrg", qrg);

  function base(c: Context): string {
    return options.publicUrl ?? new URL(c.req.url).origin;
  }

  return app;
}

function qrgId(raw: string): string {
  if (!isQrgId(raw)) throw new QRGValidationError("qrg_id must look like qrg:<uuid>");
  return raw;
}

async function parseJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new QRGValidationError("the request body must be application/json", [
      { path: "content-type", message: `expected application/json, got ${type || "nothing"}` },
    ]);
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch (error) {
    throw new QRGValidationError(`malformed JSON: ${(error as Error).message}`, [], { cause: error });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw QRGValidationError.fromZod(parsed.error, "request does not match the schema");
  return parsed.data;
}
