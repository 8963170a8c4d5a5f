import { createHash, generateKeyPairSync } from "node:crypto";
import type { VoteAlgorithm, VotePayload } from "@qrg/verify";
import { createKeyObjectSigner, type VoteSigner } from "../../src/signer.ts";

/** A real key pair's signer; the key id is the SHA-256 of its SPKI, as node keys are named. */
export function newSigner(algorithm: VoteAlgorithm = "ed25519"): VoteSigner {
  const { privateKey, publicKey } =
    algorithm === "ecdsa-p256"
      ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : algorithm === "ed25519"
        ? generateKeyPairSync("ed25519")
        : generateKeyPairSync("ml-dsa-87");
  const spki = publicKey.export({ type: "spki", format: "der" });
  const keyId = `node-${createHash("sha256").update(spki).digest("hex").slice(0, 16)}`;
  return createKeyObjectSigner({ keyId, algorithm, privateKey });
}

const sha = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/**
 * What a node running the deterministic pipeline over `data` would vote for `seed`: the same seed and data give
 * the same payload on every node; another policy (different data) gives another payload.
 */
export function payloadFor(seed: string, data = "policy-v1"): Omit<VotePayload, "job_id"> {
  const rejected = seed.startsWith("reject");
  return {
    outcome: rejected ? "rejected" : "generated",
    ...(rejected ? {} : { artifact_hash: sha(`${seed}|${data}`) }),
    gates: {
      ConstitutionalGatekeeper: rejected
        ? { status: "rejected", rule: "R1" }
        : { status: "approved", score: 0.1 },
    },
    policy_digest: sha(data),
    lexicon_digests: [sha("lexicon")],
    ...(rejected
      ? {}
      : { subject: [{ name: "artifact", digest: { sha256: sha(`${seed}|${data}`).slice(7) } }] }),
  };
}
