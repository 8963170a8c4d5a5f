import type { PolicyRef } from "@qrg/core";
import type { QRGRequest, RequestOptions } from "@qrg/schema";
import {
  type DigestSet,
  GATE_MODEL_DEPENDENCY_URI_PREFIX,
  IN_TOTO_STATEMENT_TYPE,
  LEXICON_DEPENDENCY_URI_PREFIX,
  POLICY_DEPENDENCY_URI_PREFIX,
  QRG_BUILD_TYPE,
  SBOM_DEPENDENCY_URI,
  SLSA_PROVENANCE_PREDICATE_TYPE,
  toDigestSet,
} from "@qrg/verify";
import { type RedactedRequest, redactRequest } from "./redact-request.ts";

/** An in-toto ResourceDescriptor as SLSA resolvedDependencies uses it. */
export interface ResourceDescriptor {
  uri: string;
  name?: string;
  digest: DigestSet;
}

/** The SLSA Provenance v1 predicate QRG emits. */
export interface QrgProvenancePredicate {
  buildDefinition: {
    buildType: string;
    externalParameters: { request: RedactedRequest };
    internalParameters: {
      generator_version: string;
      options: RequestOptions;
      artifact: { type: string; content_type: string; size_bytes: number };
      policy_version: string;
    };
    resolvedDependencies: ResourceDescriptor[];
  };
  runDetails: {
    builder: { id: string };
    metadata: { invocationId: string; startedOn: string; finishedOn: string };
  };
}

/** in-toto Statement v1 carrying a SLSA Provenance v1 predicate. */
export interface ProvenanceStatement {
  _type: typeof IN_TOTO_STATEMENT_TYPE;
  subject: { name: string; digest: DigestSet }[];
  predicateType: typeof SLSA_PROVENANCE_PREDICATE_TYPE;
  predicate: QrgProvenancePredicate;
}

export interface LexiconDigest {
  /** Lexicon name, e.g. `slurs-en`. */
  name: string;
  /** `alg:hex` of the lexicon file. */
  digest: string;
}

export interface StatementParams {
  qrgId: string;
  artifact: { hash: string; size_bytes: number; content_type: string; type: string };
  request: QRGRequest;
  options: RequestOptions;
  builderId: string;
  generatorVersion: string;
  startedOn: Date;
  finishedOn: Date;
  policy: PolicyRef;
  /** `alg:hex` of the service SBOM, when one is loaded. */
  sbomDigest?: string;
  lexiconDigests?: readonly LexiconDigest[];
  /** Models the gates decided with (`name` is `id@version`), attested like the policy. */
  gateModels?: readonly LexiconDigest[];
}

/** Builds the Statement that binds the artifact digest to how it was produced. */
export function buildProvenanceStatement(params: StatementParams): ProvenanceStatement {
  const resolvedDependencies: ResourceDescriptor[] = [];
  if (params.sbomDigest) {
    resolvedDependencies.push({
      uri: SBOM_DEPENDENCY_URI,
      name: "service-sbom",
      digest: toDigestSet(params.sbomDigest),
    });
  }
  resolvedDependencies.push({
    uri: `${POLICY_DEPENDENCY_URI_PREFIX}${params.policy.version}`,
    name: "gate-policy",
    digest: toDigestSet(params.policy.digest),
  });
  for (const lexicon of params.lexiconDigests ?? []) {
    resolvedDependencies.push({
      uri: `${LEXICON_DEPENDENCY_URI_PREFIX}${lexicon.name}`,
      name: lexicon.name,
      digest: toDigestSet(lexicon.digest),
    });
  }
  for (const model of params.gateModels ?? []) {
    resolvedDependencies.push({
      uri: `${GATE_MODEL_DEPENDENCY_URI_PREFIX}${model.name}`,
      name: model.name,
      digest: toDigestSet(model.digest),
    });
  }
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [{ name: params.qrgId || "artifact", digest: toDigestSet(params.artifact.hash) }],
    predicateType: SLSA_PROVENANCE_PREDICATE_TYPE,
    predicate: {
      buildDefinition: {
        buildType: QRG_BUILD_TYPE,
        externalParameters: { request: redactRequest(params.request, params.qrgId) },
        internalParameters: {
          generator_version: params.generatorVersion,
          options: params.options,
          artifact: {
            type: params.artifact.type,
            content_type: params.artifact.content_type,
            size_bytes: params.artifact.size_bytes,
          },
          policy_version: params.policy.version,
        },
        resolvedDependencies,
      },
      runDetails: {
        builder: { id: params.builderId },
        metadata: {
          invocationId: params.qrgId,
          startedOn: params.startedOn.toISOString(),
          finishedOn: params.finishedOn.toISOString(),
        },
      },
    },
  };
}
