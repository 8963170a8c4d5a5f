import type { NodeKey } from "@qrg/verify";
import { VOTE_ALGORITHMS } from "@qrg/verify";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { VoteSigner } from "./signer.ts";

export const RegisteredNodeSchema = z.object({
  node_id: z.string().min(1),
  key_id: z.string().min(1),
  algorithm: z.enum(VOTE_ALGORITHMS as [string, ...string[]]),
  public_key_pem: z.string().min(1),
  registered_at: z.string(),
  last_seen: z.string(),
});

/** A node as the registry knows it: its vote key and when it last announced itself. */
export type RegisteredNode = NodeKey & { registered_at: string; last_seen: string };

/**
 * The node registry: one Redis hash field per node, holding its public vote key and last-seen time. Nodes
 * register on start and refresh `last_seen` on a heartbeat; coordinators and verifiers read keys from here.
 */
export class NodeRegistry {
  readonly #redis: Redis;
  readonly #key: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#key = `${prefix}:nodes`;
  }

  async register(nodeId: string, signer: VoteSigner, now: Date = new Date()): Promise<RegisteredNode> {
    const previous = await this.get(nodeId);
    const sameKey = previous?.key_id === signer.keyId && previous.public_key_pem === signer.publicKeyPem;
    const node: RegisteredNode = {
      node_id: nodeId,
      key_id: signer.keyId,
      algorithm: signer.algorithm,
      public_key_pem: signer.publicKeyPem,
      registered_at: sameKey && previous ? previous.registered_at : now.toISOString(),
      last_seen: now.toISOString(),
    };
    await this.#redis.hset(this.#key, nodeId, JSON.stringify(node));
    return node;
  }

  /** Re-announces a node (also after Redis lost its data, so a restart of Redis heals itself). */
  async heartbeat(nodeId: string, signer: VoteSigner, now: Date = new Date()): Promise<void> {
    await this.register(nodeId, signer, now);
  }

  async get(nodeId: string): Promise<RegisteredNode | undefined> {
    const raw = await this.#redis.hget(this.#key, nodeId);
    return raw === null ? undefined : parseNode(raw);
  }

  /** Every registered node, sorted by id; entries that do not parse are left out. */
  async list(): Promise<RegisteredNode[]> {
    const all = await this.#redis.hgetall(this.#key);
    return Object.values(all)
      .map(parseNode)
      .filter((node): node is RegisteredNode => node !== undefined)
      .sort((a, b) => (a.node_id < b.node_id ? -1 : a.node_id > b.node_id ? 1 : 0));
  }
}

function parseNode(raw: string): RegisteredNode | undefined {
  try {
    const parsed = RegisteredNodeSchema.safeParse(JSON.parse(raw));
    return parsed.success ? (parsed.data as RegisteredNode) : undefined;
  } catch {
    return undefined;
  }
}
