import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import ajvFormats from "ajv-formats";

// ajv-formats is CommonJS: the default import is its module object, whose `default` is the plugin.
const addFormats = ajvFormats.default;

const schemaPath = new URL("../../../schema/test/fixtures/qrg-response.schema.json", import.meta.url);
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

/** The spec's own JSON Schema for QRGResponse (draft-07), compiled once. */
export const validateSpecResponse = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
