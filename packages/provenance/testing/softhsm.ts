import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pkcs11js from "pkcs11js";

/** The SoftHSM2 module (Debian path unless SOFTHSM2_MODULE says otherwise). */
export const SOFTHSM_MODULE = process.env.SOFTHSM2_MODULE ?? "/usr/lib/softhsm/libsofthsm2.so";
export const USER_PIN = "1234";
export const SO_PIN = "5678";

/**
 * Fails — never skips — when SoftHSM2 is missing: these tests are the only proof the HSM path works.
 * `bash tooling/ci-services.sh` installs it (CI runs it before the tests).
 */
export function requireSoftHsm(): void {
  const util = findOnPath("softhsm2-util");
  if (!util || !existsSync(SOFTHSM_MODULE)) {
    throw new Error(
      `SoftHSM2 is not installed (softhsm2-util ${util ? "found" : "missing"}, module ${SOFTHSM_MODULE} ${
        existsSync(SOFTHSM_MODULE) ? "found" : "missing"
      }). Run \`bash tooling/ci-services.sh\` (apt-get install softhsm2) first.`,
    );
  }
}

export interface SoftHsmTokens {
  dir: string;
  /** `pkcs11:` URI for `token` with the given path attributes and the user PIN inline. */
  uri(token: string, extra?: { object?: string; pin?: string | null; pinSource?: string }): string;
  cleanup(): Promise<void>;
}

/**
 * A fresh SoftHSM token directory in a temp dir with the given tokens initialised (PIN 1234, SO PIN 5678),
 * and SOFTHSM2_CONF pointing at it. The module reads SOFTHSM2_CONF at C_Initialize and a process
 * initialises it once, so each test file creates all its tokens here, up front.
 */
export async function createSoftHsmTokens(labels: readonly string[]): Promise<SoftHsmTokens> {
  requireSoftHsm();
  const dir = await mkdtemp(join(tmpdir(), "qrg-softhsm-"));
  const tokenDir = join(dir, "tokens");
  const conf = join(dir, "softhsm2.conf");
  await writeFile(
    conf,
    `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  execFileSync("mkdir", ["-p", tokenDir]);
  process.env.SOFTHSM2_CONF = conf;
  for (const label of labels) {
    execFileSync(
      "softhsm2-util",
      ["--init-token", "--free", "--label", label, "--pin", USER_PIN, "--so-pin", SO_PIN],
      {
        env: { ...process.env, SOFTHSM2_CONF: conf },
        stdio: "pipe",
      },
    );
  }
  return {
    dir,
    uri(token, extra = {}) {
      const path = [`token=${encodeURIComponent(token)}`];
      if (extra.object !== undefined) path.push(`object=${encodeURIComponent(extra.object)}`);
      const query = [`module-path=${SOFTHSM_MODULE}`];
      if (extra.pinSource !== undefined) query.push(`pin-source=${encodeURIComponent(extra.pinSource)}`);
      else if (extra.pin !== null) query.push(`pin-value=${encodeURIComponent(extra.pin ?? USER_PIN)}`);
      return `pkcs11:${path.join(";")}?${query.join("&")}`;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * Runs `inspect` in a second, independent session on `token`, as an auditor would. It shares the
 * already-initialised module with the ring under test, so it never finalises it.
 */
export function withRawSession<T>(
  token: string,
  inspect: (pkcs11: InstanceType<typeof pkcs11js.PKCS11>, session: Buffer) => T,
): T {
  const pkcs11 = new pkcs11js.PKCS11();
  pkcs11.load(SOFTHSM_MODULE);
  try {
    pkcs11.C_Initialize();
  } catch (error) {
    if (!/CKR_CRYPTOKI_ALREADY_INITIALIZED/.test((error as Error).message)) throw error;
  }
  const slot = pkcs11.C_GetSlotList(true).find((s) => pkcs11.C_GetTokenInfo(s).label.trim() === token);
  if (!slot) throw new Error(`no token ${token}`);
  const session = pkcs11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    try {
      pkcs11.C_Login(session, pkcs11js.CKU_USER, USER_PIN);
    } catch (error) {
      if (!/CKR_USER_ALREADY_LOGGED_IN/.test((error as Error).message)) throw error;
    }
    return inspect(pkcs11, session);
  } finally {
    pkcs11.C_CloseSession(session);
  }
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(":").concat(["/usr/bin", "/usr/sbin"])) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}
