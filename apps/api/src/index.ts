// @qrg/api: the QRG HTTP service, for embedding and for tools that start it in-process.
export { type AppOptions, createApp } from "./app.ts";
export type { TokenVerifier } from "./auth/token-verifier.ts";
export { type ComposedService, type ComposeOptions, composeService } from "./compose/service.ts";
export { type ApiConfig, loadConfig } from "./config.ts";
export { MAX_BODY_BYTES } from "./limits.ts";
export { buildOpenApiDocument, type OpenApiOptions } from "./openapi.ts";
export { STATUS_BY_CODE, toProblem } from "./problem.ts";
export { type RunningServer, startServer } from "./server.ts";
