import { randomBytes } from "node:crypto";
import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { QRGError } from "../errors.ts";
import { writeFileOnce } from "./durable-file.ts";

/** Name of the generated dev-default passphrase file inside the keys directory. */
export const DEFAULT_PASSPHRASE_FILE = "passphrase";

export interface Passphrase {
  /** The passphrase bytes (file content without one trailing newline). */
  value: Buffer;
  /** Where it was read from. */
  file: string;
  /** True when this call generated the embedded default. */
  generated: boolean;
}

function strip(content: Buffer): Buffer {
  let end = content.length;
  if (content[end - 1] === 0x0a) end--;
  if (content[end - 1] === 0x0d) end--;
  return content.subarray(0, end);
}

async function readPassphrase(file: string): Promise<Buffer> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (cause) {
    throw new QRGError("key_error", `cannot read the key passphrase file ${file}`, { cause });
  }
  const value = strip(content);
  if (value.length === 0) throw new QRGError("key_error", `the key passphrase file ${file} is empty`);
  return value;
}

/**
 * The passphrase protecting private keys at rest. Read from `passphraseFile` when configured (the API passes
 * QRG_KEY_PASSPHRASE_FILE: a path, never the secret itself). Otherwise — the embedded dev default — from
 * `<keysDir>/passphrase`, which is generated (32 random bytes, base64url, mode 0600) on first start.
 */
export async function loadPassphrase(keysDir: string, passphraseFile?: string): Promise<Passphrase> {
  if (passphraseFile !== undefined) {
    return { value: await readPassphrase(passphraseFile), file: passphraseFile, generated: false };
  }
  const file = join(keysDir, DEFAULT_PASSPHRASE_FILE);
  let generated = false;
  if (!(await exists(file))) {
    try {
      await writeFileOnce(file, `${randomBytes(32).toString("base64url")}\n`, 0o600);
      generated = true;
    } catch (error) {
      // Another process won the race to create it: use theirs.
      if (!(error instanceof QRGError && error.code === "conflict")) throw error;
    }
  }
  return { value: await readPassphrase(file), file, generated };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
