import { timingSafeEqual } from "node:crypto";
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
import { type AuditSink, type AuditVariables, auditTrail } from "./http/audit-trail.ts";
import { corsFor } from "./http/cors.ts";
import { countRequest, perAddressLimit } from "./http/rate-limit.ts";
import { type HttpObserver, noopHttpObserver } from "./http-observer.ts";
import { MAX_BODY_BYTES } from "./limits.ts";
import { buildOpenApiDocument } from "./openapi.ts";
import { toProblem } from "./problem.ts";
import type { RateLimiter } from "./rate-limits/rate-limiter.ts";
import { mayRead, verificationView } from "./reads/artifact-owner.ts";

export interface AppOptions {
  adapter: QRGAdapter;
  verifier: TokenVerifier;
  /** QRG_ENABLED: when false every QRG route answers 404. @default true */
  enabled?: boolean;
  /**
   * Base URL for links and the OpenAPI `servers` entry (QRG_PUBLIC_URL, else the listening address). Never
   * taken from the request's Host header, which the client controls. @default "http://127.0.0.1:8787"
   */
  publicUrl?: string | (() => string);
  version?: string;
  /** Telemetry hooks: trace context, HTTP metrics, /metrics exposition. @default none */
  http?: HttpObserver;
  /** Mesh consensus (QRG_CONSENSUS_ENABLED): its job and node routes, and asynchronous generation. @default none */
  mesh?: MeshConsensusService;
  /**
   * QRG_METRICS_TOKEN: serve /metrics on the API port too, to callers presenting this bearer token. Without
   * it /metrics is only on the metrics listener (QRG_METRICS_PORT). @default none
   */
  metricsToken?: string;
  /** Per-tier and per-address rate limits; undefined turns them off (QRG_QUOTAS=off). @default none */
  limiter?: RateLimiter;
  /** Audit log every generate, validate, read, refusal and auth failure goes to. @default none */
  audit?: AuditSink;
  /** Origins allowed to call the API from a browser (QRG_CORS_ORIGINS). @default [] */
  corsOrigins?: readonly string[];
}

type Env = { Variables: { principal: Principal } & AuditVariables };

const MOUNT = "/api/v1/qrg";

/**
 * The QRG HTTP API as a Hono app, apart from any server: tests drive it with `app.request()`, `serve()`
 * puts it on a socket.
 */
export function createApp(options: AppOptions): Hono<Env> {
  const { adapter, verifier, limiter } = options;
  const enabled = options.enabled ?? true;
  const http = options.http ?? noopHttpObserver;
  const app = new Hono<Env>();

  const send = (c: Context<Env>, error: unknown) => {
    const result = toProblem(error);
    const aborted = c.req.raw.signal.aborted;
    // A 500 hides its cause from the client and a 507 is an operator's problem: the log keeps the cause.
    // A client that hung up is not a fault of ours.
    if (aborted) http.logAbort(error);
    else if (result.status === 500 || result.status === 507) http.logError(error);
    c.set("problemCode", result.body.code);
    const traceId = http.traceId();
    const body = { ...result.body, instance: c.req.path, ...(traceId ? { trace_id: traceId } : {}) };
    const headers: Record<string, string> = { "content-type": "application/problem+json", ...result.headers };
    // A refusal sent before the body was read: close, or the server would keep draining a slow upload.
    if (c.req.raw.body && !c.req.raw.bodyUsed) headers.connection = "close";
    return c.body(JSON.stringify(body), result.status as 400, headers);
  };

  app.use("*", http.middleware);
  app.use("*", corsFor(options.corsOrigins ?? []));
  app.onError((error, c) => send(c, error));
  app.notFound((c) => send(c, new QRGError("not_found", `no route ${c.req.method} ${c.req.path}`)));

  const anonymous = perAddressLimit(limiter);
  app.get("/openapi.json", anonymous, (c) => c.json(openApi(base())));
  if (options.metricsToken) {
    const expected = Buffer.from(`Bearer ${options.metricsToken}`);
    app.get(
      "/metrics",
      anonymous,
      async (c, next) => {
        const given = Buffer.from(c.req.header("authorization") ?? "");
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          throw new QRGError("unauthorized", "GET /metrics needs the metrics bearer token");
        }
        await next();
      },
      http.metrics,
    );
  }

  const qrg = new Hono<Env>();
  qrg.use("*", async (_c, next) => {
    if (!enabled) throw new QRGError("not_found", "QRG is disabled on this deployment");
    await next();
  });
  if (options.audit) qrg.use("*", auditTrail(options.audit, MOUNT));

  const authenticate = async (c: Context<Env>, next: () => Promise<void>) => {
    const header = c.req.header("authorization");
    const match = header ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match) throw new QRGError("unauthorized", "a Lambda ID bearer token is required");
    c.set("principal", await verifier.verify(match[1]!));
    await next();
  };

  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      send(
        c as Context<Env>,
        new QRGError("payload_too_large", `request body exceeds ${MAX_BODY_BYTES} bytes`),
      ),
  });

  // Authentication first: a caller without a valid token never gets its body read.
  qrg.post("/generate", authenticate, limit, async (c) => {
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
    // Counted only once the request is valid: a refused request costs the caller nothing.
    await countRequest(c, limiter, principal, "generate");
    if (options.mesh && request.options?.consensus_required && prefersAsync(c.req.header("prefer"))) {
      const job = await generateAsync(adapter, options.mesh, { request, principal });
      return c.json(job, 202, { location: job.location, "preference-applied": "respond-async" });
    }
    const response = await adapter.generate({ request, principal, signal: c.req.raw.signal });
    c.set("auditQrgId", response.qrg_id);
    return c.json(response);
  });

  qrg.post("/validate", authenticate, limit, async (c) => {
    const body = await parseJson(c, ValidateRequestSchema);
    await countRequest(c, limiter, c.get("principal"), "validate");
    return c.json(await adapter.validate(body));
  });

  qrg.get("/health", anonymous, async (c) => {
    const health = await adapter.health();
    return c.json(health, health.status === "unhealthy" ? 503 : 200);
  });

  /** The stored response, if the caller may read it; otherwise the same 404 as for a missing artifact. */
  const readable = async (c: Context<Env>) => {
    const id = qrgId(c.req.param("qrg_id") ?? "");
    const principal = c.get("principal");
    await countRequest(c, limiter, principal, "read");
    const response = await adapter.getArtifact(id);
    if (!response || !mayRead(principal, id, response)) throw new QRGError("not_found", "no such artifact");
    return { id, response };
  };

  qrg.get("/artifacts/:qrg_id", authenticate, async (c) => c.json((await readable(c)).response));

  qrg.get("/artifacts/:qrg_id/content", authenticate, async (c) => {
    const content = await adapter.getContent((await readable(c)).id);
    if (!content) throw new QRGError("not_found", "no such artifact");
    return c.body(content.bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": content.content_type,
      "content-length": String(content.bytes.byteLength),
      digest: content.hash,
      "cache-control": "private, max-age=31536000, immutable",
    });
  });

  qrg.get("/artifacts/:qrg_id/verification", anonymous, async (c) => {
    const response = await adapter.getArtifact(qrgId(c.req.param("qrg_id")));
    if (!response) throw new QRGError("not_found", "no such artifact");
    return c.json(verificationView(response));
  });

  qrg.get("/attestations/:qrg_id", authenticate, async (c) => {
    const doc = await adapter.getAttestation((await readable(c)).id);
    if (!doc) throw new QRGError("not_found", "no such attestation");
    return c.body(doc as Uint8Array<ArrayBuffer>, 200, { "content-type": "application/json" });
  });

  qrg.get("/sbom/:digest", anonymous, async (c) => {
    const digest = c.req.param("digest");
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) throw new QRGValidationError("digest must be sha256:<64 hex>");
    const sbom = await adapter.getSbom(digest);
    if (!sbom) throw new QRGError("not_found", "no such SBOM");
    return c.body(sbom as Uint8Array<ArrayBuffer>, 200, { "content-type": "application/vnd.cyclonedx+json" });
  });

  qrg.get("/keys", anonymous, async (c) => c.json({ keys: await adapter.listKeys() }));

  qrg.get("/keys/:key_id", anonymous, async (c) => {
    const id = c.req.param("key_id");
    const key = (await adapter.listKeys()).find((k) => k.key_id === id);
    if (!key) throw new QRGError("not_found", "no such key");
    if ((c.req.header("accept") ?? "").includes("application/x-pem-file")) {
      return c.body(key.public_key_pem, 200, { "content-type": "application/x-pem-file" });
    }
    return c.json(key);
  });

  qrg.route("/", meshRoutes(options.mesh, authenticate));

  app.route(MOUNT, qrg);

  function base(): string {
    const url = typeof options.publicUrl === "function" ? options.publicUrl() : options.publicUrl;
    return url ?? "http://127.0.0.1:8787";
  }

  // The document only changes with the base URL: build it once per URL, not per request.
  let cached: { url: string; doc: unknown } | undefined;
  function openApi(url: string): unknown {
    if (cached?.url !== url)
      cached = { url, doc: buildOpenApiDocument({ serverUrl: url, version: options.version ?? "0.1.0" }) };
    return cached.doc;
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
