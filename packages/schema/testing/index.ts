// Test support shared by every package's tests: the spec's JSON Schemas and examples, compiled with ajv.
// Not part of the published runtime API (ajv is a dev dependency of the workspace).
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

const fixtures = new URL("../test/fixtures/", import.meta.url);

export function readFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, fixtures), "utf8")) as T;
}

// ajv-formats is CommonJS: its default export may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

function compile(schema: object): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

let response: ValidateFunction | undefined;
let request: ValidateFunction | undefined;

/** The spec's QRGResponse JSON Schema (draft-07), compiled. */
export function specResponseValidator(): ValidateFunction {
  response ??= compile(readFixture("qrg-response.schema.json"));
  return response;
}

/** The spec's QRGRequest JSON Schema (draft-07), compiled. */
export function specRequestValidator(): ValidateFunction {
  request ??= compile(readFixture("qrg-request.schema.json"));
  return request;
}

export function compileJsonSchema(schema: object): ValidateFunction {
  return compile(schema);
}

/** Asserts `value` validates against the spec's response schema; throws with ajv's errors otherwise. */
export function assertSpecResponse(value: unknown): void {
  const validate = specResponseValidator();
  if (!validate(value)) {
    throw new Error(`response does not validate against the spec schema: ${JSON.stringify(validate.errors)}`);
  }
}
