import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/** The API's package version: reported by health, stamped into provenance and telemetry. */
export const SERVICE_VERSION: string = (require("../package.json") as { version: string }).version;

/** The workspace root, whose lockfile the service SBOM is built from. */
export const WORKSPACE_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
