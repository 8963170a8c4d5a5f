import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { QRGValidationError } from "@qrg/verify";

/** Reads a file named on the command line; a missing or unreadable file is an input error. */
export async function readInputFile(cwd: string, path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(resolve(cwd, path)));
  } catch (cause) {
    const reason =
      (cause as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (cause as Error).message;
    throw new QRGValidationError(`cannot read ${what} ${path}: ${reason}`, [], { cause });
  }
}

/** Parses JSON input; text that is not JSON is an input error naming where it came from. */
export function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new QRGValidationError(`${what} is not JSON`, [], { cause });
  }
}
