import { JOB_STATES } from "@qrg/consensus";

// JSON Schemas (2020-12) of the mesh routes' answers, for the OpenAPI document.

const str = { type: "string" } as const;
const int = { type: "integer", minimum: 0 } as const;

export const ACCEPTED_JOB_SCHEMA = {
  type: "object",
  required: ["job_id", "state", "location"],
  properties: { job_id: str, state: { const: "submitted" }, location: str },
};

export const CONSENSUS_JOB_SCHEMA = {
  type: "object",
  required: ["job_id", "state", "nodes", "quorum", "votes"],
  properties: {
    job_id: str,
    qrg_id: str,
    state: { enum: [...JOB_STATES] },
    nodes: { type: "array", items: str },
    quorum: int,
    attempt: int,
    max_attempts: int,
    created_at: str,
    updated_at: str,
    deadline_at: str,
    votes: {
      type: "array",
      items: {
        type: "object",
        properties: {
          node_id: str,
          attempt: int,
          key_id: str,
          payload_digest: str,
          outcome: { enum: ["generated", "rejected"] },
          valid: { type: "boolean" },
          error: str,
          received_at: str,
        },
      },
    },
    payload_digest: str,
    agreeing: { type: "array", items: str },
    dissenting: { type: "array", items: str },
    missing: { type: "array", items: str },
    participants: int,
    agreement_score: { type: "number", minimum: 0, maximum: 1 },
    certificate_ref: str,
    error: { type: "object", properties: { code: str, detail: str } },
    response: { $ref: "#/components/schemas/QRGResponse" },
    problem: { type: "object", properties: { status: int, body: { $ref: "#/components/schemas/Problem" } } },
  },
};

export const MESH_NODES_SCHEMA = {
  type: "object",
  required: ["quorum", "configured", "nodes"],
  properties: {
    quorum: int,
    configured: { type: "array", items: str },
    nodes: {
      type: "array",
      items: {
        type: "object",
        required: ["node_id", "key_id", "algorithm", "public_key_pem", "last_seen"],
        properties: {
          node_id: str,
          key_id: str,
          algorithm: { enum: ["ed25519", "ecdsa-p256", "ml-dsa-87"] },
          public_key_pem: str,
          registered_at: str,
          last_seen: str,
        },
      },
    },
  },
};
