export * from "./health.ts";
export * from "./keys.ts";
export * from "./problem.ts";
export { isQrgId, QRG_ID_PATTERN, QRG_ID_PREFIX, QrgIdSchema } from "./qrg-id.ts";
export * from "./request.ts";
export * from "./response.ts";
export * from "./validate.ts";
