import { parseArgs } from "node:util";
import { loadDevIssuer } from "../auth/dev-issuer.ts";
import { loadConfig } from "../config.ts";
import { type CommandResult, UsageError } from "./usage.ts";

/** `qrg-api token`: prints a token signed by the embedded dev issuer. */
export async function tokenCommand(args: string[]): Promise<CommandResult> {
  const { values } = parseArgs({
    args,
    options: {
      sub: { type: "string" },
      tier: { type: "string" },
      consent: { type: "string", multiple: true },
      scope: { type: "string" },
      ttl: { type: "string", default: "3600" },
    },
  });
  if (!values.sub || !/^lid:[a-zA-Z0-9_-]+$/.test(values.sub))
    throw new UsageError("--sub lid:… is required");
  const tier = Number(values.tier);
  if (!Number.isInteger(tier) || tier < 1 || tier > 5) throw new UsageError("--tier must be an integer 1-5");
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl < 1) throw new UsageError("--ttl must be a positive number of seconds");
  const config = loadConfig();
  if (config.QRG_JWKS_URL || config.QRG_JWKS_FILE) {
    throw new UsageError(
      "tokens can only be minted for the embedded dev issuer (QRG_JWKS_URL/QRG_JWKS_FILE are set)",
    );
  }
  const issuer = await loadDevIssuer(config.dataDir);
  const token = await issuer.sign(
    {
      sub: values.sub,
      tier,
      consent: values.consent ?? [],
      ...(values.scope ? { scope: values.scope } : {}),
    },
    { audience: config.QRG_JWT_AUDIENCE, ttlSeconds: ttl },
  );
  process.stdout.write(`${token}\n`);
  return 0;
}
