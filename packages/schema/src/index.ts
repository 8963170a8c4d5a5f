export * from "./health.ts";
export * from "./keys.ts";
export { buildOpenApiDocument } from "./openapi.ts";
export * from "./problem.ts";
export * from "./request.ts";
export * from "./response.ts";
export * from "./validate.ts";
