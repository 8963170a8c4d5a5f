import { Spec, Validation } from "@cyclonedx/cyclonedx-library";

export interface SbomValidationResult {
  valid: boolean;
  /** One line per schema violation: `<JSON pointer> <message>`. Empty when valid. */
  errors: string[];
}

interface AjvLikeError {
  instancePath?: string;
  message?: string;
  params?: unknown;
}

/**
 * Validates CycloneDX 1.6 JSON with the library's own strict validator (the official JSON Schema, no
 * additional properties, via ajv). Never throws for an invalid document; malformed JSON is reported as an
 * error too.
 */
export async function validateSbom(bytes: Uint8Array): Promise<SbomValidationResult> {
  const text = new TextDecoder().decode(bytes);
  try {
    JSON.parse(text);
  } catch (cause) {
    return { valid: false, errors: [`not JSON: ${(cause as Error).message}`] };
  }
  const violations: unknown = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text);
  if (violations === null) return { valid: true, errors: [] };
  const list = Array.isArray(violations) ? (violations as AjvLikeError[]) : [violations as AjvLikeError];
  return {
    valid: false,
    errors: list.map(
      (error) =>
        `${error.instancePath || "/"} ${error.message ?? "invalid"} ${JSON.stringify(error.params ?? {})}`,
    ),
  };
}
