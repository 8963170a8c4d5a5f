#!/usr/bin/env node
import { parseArgs } from "node:util";
import { isQRGError } from "@qrg/core";
import { loadDevIssuer } from "./auth/dev-issuer.ts";
import { loadConfig } from "./config.ts";
import { startServer } from "./server.ts";
import { generateSbomFile, listKeys, rotateKey } from "./wire.ts";

const USAGE = `usage: qrg-api <command>

  serve                                   start the API (PORT, HOST, QRG_* environment variables)
  token --sub lid:ID --tier N [--consent SCOPE]… [--ttl SECONDS]
                                          print a dev-issuer token (embedded default only)
  keys list                               list signing keys with status and validity
  keys rotate [--algorithm ed25519|ecdsa-p256|ml-dsa-87]
                                          add a new active key; old keys stay for verification
  sbom [--out FILE]                       generate the service SBOM (CycloneDX 1.6 JSON)
`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "serve": {
      const server = await startServer(loadConfig());
      const stop = (signal: string) => {
        process.stderr.write(`received ${signal}: shutting down gracefully\n`);
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once("SIGTERM", () => stop("SIGTERM"));
      process.once("SIGINT", () => stop("SIGINT"));
      process.stdout.write(`QRG API listening on ${server.url}\n`);
      return -1; // keep running
    }
    case "token": {
      const { values } = parseArgs({
        args: rest,
        options: {
          sub: { type: "string" },
          tier: { type: "string" },
          consent: { type: "string", multiple: true },
          ttl: { type: "string", default: "3600" },
        },
      });
      if (!values.sub || !/^lid:[a-zA-Z0-9_-]+$/.test(values.sub))
        throw new UsageError("--sub lid:… is required");
      const tier = Number(values.tier);
      if (!Number.isInteger(tier) || tier < 1 || tier > 5)
        throw new UsageError("--tier must be an integer 1-5");
      const ttl = Number(values.ttl);
      if (!Number.isInteger(ttl) || ttl < 1)
        throw new UsageError("--ttl must be a positive number of seconds");
      const config = loadConfig();
      if (config.QRG_JWKS_URL || config.QRG_JWKS_FILE) {
        throw new UsageError(
          "tokens can only be minted for the embedded dev issuer (QRG_JWKS_URL/QRG_JWKS_FILE are set)",
        );
      }
      const issuer = await loadDevIssuer(config.dataDir);
      const token = await issuer.sign(
        { sub: values.sub, tier, consent: values.consent ?? [] },
        { audience: config.QRG_JWT_AUDIENCE, ttlSeconds: ttl },
      );
      process.stdout.write(`${token}\n`);
      return 0;
    }
    case "keys": {
      const [sub, ...args] = rest;
      const { values } = parseArgs({ args, options: { algorithm: { type: "string", default: "ed25519" } } });
      const config = loadConfig();
      if (sub === "list") {
        process.stdout.write(`${JSON.stringify({ keys: await listKeys(config) }, null, 2)}\n`);
        return 0;
      }
      if (sub === "rotate") {
        const algorithm = values.algorithm ?? "ed25519";
        if (!["ed25519", "ecdsa-p256", "ml-dsa-87"].includes(algorithm)) {
          throw new UsageError("--algorithm must be ed25519, ecdsa-p256 or ml-dsa-87");
        }
        const key = await rotateKey(config, algorithm as "ed25519");
        process.stdout.write(`${JSON.stringify(key, null, 2)}\n`);
        return 0;
      }
      throw new UsageError("keys takes list or rotate");
    }
    case "sbom": {
      const { values } = parseArgs({ args: rest, options: { out: { type: "string" } } });
      const result = await generateSbomFile(loadConfig(), values.out);
      process.stdout.write(`${result.path}\n${result.digest}\n`);
      return 0;
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error)) {
      process.stderr.write(`qrg-api: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (isQRGError(error)) {
      process.stderr.write(`qrg-api: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`qrg-api: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
