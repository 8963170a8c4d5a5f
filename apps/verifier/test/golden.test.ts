import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashBytes } from "@qrg/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixtures, ED25519_ID, HYBRID_ID } from "./support/build-fixtures.ts";
import { startFixtureServer } from "./support/fixture-server.ts";
import { expectGolden } from "./support/golden.ts";
import { runCli } from "./support/run-cli.ts";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "qrg-verify-golden-"));
  await buildFixtures(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Case {
  name: string;
  argv: string[];
  exit: 0 | 1 | 2;
  /** The check the verdict must name when invalid. */
  names?: string;
}

const valid: Case[] = [
  {
    name: "valid-ed25519",
    argv: [
      "response.json",
      "--content",
      "content.json",
      "--attestation",
      "attestation.json",
      "--keys",
      "keys.json",
    ],
    exit: 0,
  },
  {
    name: "valid-hybrid",
    argv: [
      "response-hybrid.json",
      "--content",
      "content-hybrid.json",
      "--attestation",
      "attestation-hybrid.json",
      "--keys",
      "keys.json",
      "--policy",
      "hybrid",
    ],
    exit: 0,
  },
  {
    name: "valid-hybrid-json",
    argv: [
      "response-hybrid.json",
      "--content",
      "content-hybrid.json",
      "--attestation",
      "attestation-hybrid.json",
      "--keys",
      "keys.json",
      "--json",
    ],
    exit: 0,
  },
  { name: "valid-without-content", argv: ["response.json", "--keys", "keys.json"], exit: 0 },
  {
    name: "rotated-key-still-verifies",
    argv: ["response.json", "--content", "content.json", "--keys", "keys-rotated.json"],
    exit: 0,
  },
  {
    name: "policy-classical-skips-pq",
    argv: [
      "response-hybrid.json",
      "--content",
      "content-hybrid.json",
      "--keys",
      "keys-classical.json",
      "--policy",
      "classical",
    ],
    exit: 0,
  },
];

valid.push({
  name: "consensus-certificate",
  argv: [
    "response-consensus.json",
    "--content",
    "content.json",
    "--keys",
    "keys.json",
    "--node-keys",
    "node-keys.json",
  ],
  exit: 0,
});

const invalid: Case[] = [
  {
    name: "consensus-below-quorum",
    argv: ["response-consensus-one-signature.json", "--keys", "keys.json", "--node-keys", "node-keys.json"],
    exit: 1,
    names: "consensus.certificate, certificate.quorum",
  },
  {
    name: "consensus-without-node-keys",
    argv: ["response-consensus.json", "--keys", "keys.json"],
    exit: 1,
    names: "consensus.certificate",
  },
  {
    name: "tampered-content",
    argv: ["response.json", "--content", "content-tampered.json", "--keys", "keys.json"],
    exit: 1,
    names: "artifact.hash",
  },
  {
    name: "tampered-content-json",
    argv: ["response.json", "--content", "content-tampered.json", "--keys", "keys.json", "--json"],
    exit: 1,
    names: "artifact.hash",
  },
  {
    name: "tampered-statement",
    argv: [
      "response-tampered-statement.json",
      "--content",
      "content.json",
      "--attestation",
      "attestation.json",
      "--keys",
      "keys.json",
    ],
    exit: 1,
    names: "signature.ed25519, attestation.payload",
  },
  {
    name: "tampered-signature",
    argv: ["response-tampered-signature.json", "--content", "content.json", "--keys", "keys.json"],
    exit: 1,
    names: "signature.ed25519",
  },
  {
    name: "wrong-key",
    argv: ["response.json", "--content", "content.json", "--keys", "keys-wrong.json"],
    exit: 1,
    names: "signature.ed25519",
  },
  {
    name: "expired-key-window",
    argv: ["response.json", "--content", "content.json", "--keys", "keys-expired.json"],
    exit: 1,
    names: "signature.ed25519",
  },
  {
    name: "policy-hybrid-needs-pq",
    argv: ["response.json", "--content", "content.json", "--keys", "keys.json", "--policy", "hybrid"],
    exit: 1,
    names: "signature.policy",
  },
  {
    name: "auto-needs-every-signature",
    argv: ["response-hybrid.json", "--content", "content-hybrid.json", "--keys", "keys-classical.json"],
    exit: 1,
    names: "signature.ml-dsa-87",
  },
  {
    name: "attestation-of-another-artifact",
    argv: [
      "response.json",
      "--content",
      "content.json",
      "--attestation",
      "attestation-hybrid.json",
      "--keys",
      "keys.json",
    ],
    exit: 1,
    names: "attestation.payload",
  },
];

const others: Case[] = [
  {
    name: "bundle-p256-dsse",
    argv: ["bundle", "bundle-p256-dsse.json", "--artifact", "artifact.txt", "--keys", "keys.json"],
    exit: 0,
  },
  {
    name: "bundle-ed25519-message-detected",
    argv: ["bundle-ed25519-message.json", "--artifact", "artifact.txt", "--keys", "keys.json"],
    exit: 0,
  },
  {
    name: "bundle-ed25519-message-json",
    argv: ["bundle-ed25519-message.json", "--artifact", "artifact.txt", "--keys", "keys.json", "--json"],
    exit: 0,
  },
  {
    name: "bundle-wrong-artifact",
    argv: ["bundle-ed25519-message.json", "--artifact", "content.json", "--keys", "keys.json"],
    exit: 1,
    names: "bundle.signature, bundle.artifact",
  },
  {
    name: "bundle-untrusted-key",
    argv: ["bundle", "bundle-p256-dsse.json", "--artifact", "artifact.txt", "--keys", "keys-expired.json"],
    exit: 1,
    names: "bundle.signature",
  },
  {
    name: "attestation-detected",
    argv: ["attestation-hybrid.json", "--artifact", "content-hybrid.json", "--keys", "keys.json"],
    exit: 0,
  },
  { name: "sbom-invalid", argv: ["sbom-invalid.json"], exit: 1, names: "sbom.cyclonedx" },
];

const usage: Case[] = [
  { name: "usage-no-arguments", argv: [], exit: 2 },
  { name: "usage-unknown-option", argv: ["response.json", "--frobnicate"], exit: 2 },
  {
    name: "usage-bad-policy",
    argv: ["response.json", "--keys", "keys.json", "--policy", "quantum"],
    exit: 2,
  },
  { name: "usage-no-trust", argv: ["response.json", "--content", "content.json"], exit: 2 },
  { name: "usage-missing-file", argv: ["missing.json", "--keys", "keys.json"], exit: 2 },
  { name: "usage-not-json", argv: ["not-json.txt", "--keys", "keys.json"], exit: 2 },
  { name: "usage-unknown-kind", argv: ["unknown.json", "--keys", "keys.json"], exit: 2 },
  { name: "usage-bad-keys-file", argv: ["response.json", "--keys", "content.json"], exit: 2 },
  { name: "usage-not-a-response", argv: ["artifact", "keys.json", "--keys", "keys.json"], exit: 2 },
  { name: "usage-malformed-response", argv: ["response-malformed.json", "--keys", "keys.json"], exit: 2 },
  { name: "usage-error-json", argv: ["response.json", "--json"], exit: 2 },
  { name: "usage-bad-api-url", argv: ["response.json", "--api", "ftp://example"], exit: 2 },
];

describe("qrg-verify golden output", () => {
  for (const group of [valid, invalid, others, usage]) {
    for (const c of group) {
      it(`${c.name}: exits ${c.exit}${c.names ? ` naming ${c.names}` : ""}`, async () => {
        const run = await runCli(c.argv, dir);
        expect(run.exitCode).toBe(c.exit);
        if (c.exit === 2) expect(run.stderr).toMatch(/^qrg-verify: error: /);
        if (c.names) {
          if (c.argv.includes("--json")) expect(JSON.parse(run.stdout).failed.join(", ")).toBe(c.names);
          else expect(run.stdout).toContain(`INVALID: failed ${c.names}\n`);
        }
        await expectGolden(c.name, c.argv, run);
      });
    }
  }

  it("sbom-valid: checks CycloneDX validity and the digest it is given", async () => {
    const digest = hashBytes("sha256", new Uint8Array(await readFile(join(dir, "sbom.json"))));
    const argv = ["sbom", "sbom.json", "--digest", digest];
    const run = await runCli(argv, dir);
    expect(run.exitCode).toBe(0);
    await expectGolden("sbom-valid", argv, run);
    const wrong = await runCli(["sbom", "sbom.json", "--digest", `sha256:${"0".repeat(64)}`], dir);
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stdout).toContain("INVALID: failed sbom.digest\n");
  });

  it("--help prints the usage and exits 0", async () => {
    const run = await runCli(["--help"], dir);
    expect(run.exitCode).toBe(0);
    await expectGolden("help", ["--help"], run);
  });
});

describe("qrg-verify --api against a real HTTP server", () => {
  const routes = (id: string, content: string, attestation: string) => ({
    [`/api/v1/qrg/artifacts/${encodeURIComponent(id)}/content`]: content,
    [`/api/v1/qrg/attestations/${encodeURIComponent(id)}`]: attestation,
    "/api/v1/qrg/keys": "keys.json",
  });

  it("fetches content, attestation and keys and verifies a hybrid artifact", async () => {
    const server = await startFixtureServer(
      dir,
      routes(HYBRID_ID, "content-hybrid.json", "attestation-hybrid.json"),
    );
    try {
      for (const [name, extra] of [
        ["api-valid-hybrid", []],
        ["api-valid-hybrid-json", ["--json"]],
      ] as const) {
        const argv = ["response-hybrid.json", "--api", server.url, ...extra];
        const run = await runCli(argv, dir);
        expect(run.exitCode).toBe(0);
        await expectGolden(name, argv, run);
      }
    } finally {
      await server.close();
    }
  });

  it("reports tampered content served by the API as a failed hash check", async () => {
    const server = await startFixtureServer(
      dir,
      routes(ED25519_ID, "content-tampered.json", "attestation.json"),
    );
    try {
      const argv = ["response.json", "--api", server.url];
      const run = await runCli(argv, dir);
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toContain("INVALID: failed artifact.hash\n");
      await expectGolden("api-tampered-content", argv, run);
    } finally {
      await server.close();
    }
  });

  it("prefers local files and a pinned --keys file over what the API serves", async () => {
    const server = await startFixtureServer(
      dir,
      routes(ED25519_ID, "content-tampered.json", "attestation.json"),
    );
    try {
      const run = await runCli(
        ["response.json", "--api", server.url, "--content", "content.json", "--keys", "keys-wrong.json"],
        dir,
      );
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toContain("INVALID: failed signature.ed25519, attestation.bundle\n");
    } finally {
      await server.close();
    }
  });

  it("exits 2 when the API cannot serve what is needed", async () => {
    const server = await startFixtureServer(dir, { "/api/v1/qrg/keys": "keys.json" });
    try {
      const argv = ["response.json", "--api", server.url];
      const run = await runCli(argv, dir);
      expect(run.exitCode).toBe(2);
      await expectGolden("api-not-found", argv, run);
    } finally {
      await server.close();
    }
  });
});
