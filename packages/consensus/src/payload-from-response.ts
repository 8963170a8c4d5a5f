import type { QRGResponse } from "@qrg/schema";
import { type GateVerdict, type VotePayload, votePayloadDigest } from "@qrg/verify";

// The in-toto Statement's dependency URIs for the gate policy and the lexicons (as @qrg/provenance writes them).
const POLICY_URI = "urn:qrg:policy:";
const LEXICON_URI = "urn:qrg:lexicon:";

interface StatementView {
  subject?: { name?: string; digest?: Record<string, string> }[];
  predicate?: {
    buildDefinition?: { resolvedDependencies?: { uri?: string; digest?: Record<string, string> }[] };
  };
}

export type VoteContent = Omit<VotePayload, "job_id">;

/** `{ sha256: hex }` → `sha256:hex` (the first entry; QRG digest sets hold one). */
function digestString(set: Record<string, string> | undefined): string | undefined {
  const [algorithm, hex] = Object.entries(set ?? {})[0] ?? [];
  return algorithm && hex ? `${algorithm}:${hex}` : undefined;
}

function verdict(
  check: { status?: string; score?: number; estimated_load?: number } | undefined,
): GateVerdict {
  const status = (check?.status ?? "not_evaluated") as GateVerdict["status"];
  const score = check?.score ?? check?.estimated_load;
  return score === undefined ? { status } : { status, score };
}

/**
 * The vote a node casts for a response it generated: the artifact hash, each gate's verdict, and from the
 * signed Statement the subject and the policy and lexicon digests. Throws when the response carries no
 * Statement (nothing was attested, so there is nothing to vote for).
 */
export function votePayloadFromResponse(response: QRGResponse): VoteContent {
  const encoded = response.provenance.statement_b64;
  if (!encoded) throw new TypeError("the response carries no signed Statement (provenance.statement_b64)");
  const statement = JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as StatementView;
  const dependencies = statement.predicate?.buildDefinition?.resolvedDependencies ?? [];
  const policy = digestString(dependencies.find((d) => d.uri?.startsWith(POLICY_URI))?.digest);
  if (!policy) throw new TypeError("the Statement names no gate policy");
  const checks = response.safety.gate_checks;
  return {
    outcome: "generated",
    artifact_hash: response.artifact.hash,
    gates: {
      ConstitutionalGatekeeper: verdict(checks.ConstitutionalGatekeeper),
      CulturalSafetyChecker: verdict(checks.CulturalSafetyChecker),
      CognitiveLoadEstimator: verdict(checks.CognitiveLoadEstimator),
    },
    policy_digest: policy,
    lexicon_digests: dependencies
      .filter((d) => d.uri?.startsWith(LEXICON_URI))
      .map((d) => digestString(d.digest))
      .filter((d): d is string => d !== undefined)
      .sort(),
    subject: (statement.subject ?? []).map((s) => ({ name: s.name ?? "", digest: { ...(s.digest ?? {}) } })),
  };
}

/** The vote a node casts when one of its gates rejected the request. */
export function rejectionVotePayload(
  rejection: { gate: string; rule: string; score: number },
  data: { policyDigest: string; lexiconDigests: readonly string[] },
): VoteContent {
  return {
    outcome: "rejected",
    gates: { [rejection.gate]: { status: "rejected", rule: rejection.rule, score: rejection.score } },
    policy_digest: data.policyDigest,
    lexicon_digests: [...data.lexiconDigests].sort(),
  };
}

/** Whether `response` is what a quorum agreed on in job `jobId` (the certificate's payload digest). */
export function responseMatchesPayload(response: QRGResponse, jobId: string, payloadDigest: string): boolean {
  return votePayloadDigest({ ...votePayloadFromResponse(response), job_id: jobId }) === payloadDigest;
}
