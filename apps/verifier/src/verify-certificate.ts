import { type NodeKey, QRGValidationError, type VerificationCheck, verifyCertificate } from "@qrg/verify";
import type { ApiClient } from "./api-client.ts";
import type { CliArgs } from "./args.ts";
import { parseJson, readInputFile } from "./inputs.ts";
import type { CliIo } from "./io.ts";

const NO_NODE_KEYS =
  "no mesh node keys: pass --node-keys FILE (the JSON of GET /api/v1/qrg/mesh/nodes) or --api URL";

interface MeshKeys {
  keys: NodeKey[];
  /** The deployment's quorum, when the source publishes it. */
  quorum?: number;
}

/**
 * GET /api/v1/qrg/mesh/nodes (`{quorum, configured, nodes}`: only the configured nodes' keys count, and the
 * published quorum is required) or a bare array of node keys (then ⌈2K/3⌉ of them are required).
 */
function parseNodeKeys(value: unknown, source: string): MeshKeys {
  const doc = value as { nodes?: unknown; configured?: unknown; quorum?: unknown } | null;
  const list = Array.isArray(value) ? value : doc?.nodes;
  if (!Array.isArray(list)) throw new QRGValidationError(`${source} holds no mesh node keys ({"nodes":[…]})`);
  const configured = Array.isArray(doc?.configured) ? new Set(doc.configured) : undefined;
  const keys = list.filter(
    (node): node is NodeKey =>
      typeof node === "object" &&
      node !== null &&
      typeof node.node_id === "string" &&
      typeof node.key_id === "string" &&
      typeof node.algorithm === "string" &&
      typeof node.public_key_pem === "string" &&
      (!configured || configured.has(node.node_id)),
  );
  const quorum =
    typeof doc?.quorum === "number" && Number.isInteger(doc.quorum) && doc.quorum > 0
      ? doc.quorum
      : undefined;
  return quorum === undefined ? { keys } : { keys, quorum };
}

/**
 * The checks for a response's quorum certificate (provenance.consensus.certificate), or none when the
 * response carries none. One summary check, `consensus.certificate`, says PASS or FAIL for the whole
 * certificate; the individual checks follow it.
 */
export async function certificateChecks(
  args: CliArgs,
  io: CliIo,
  api: ApiClient | undefined,
  response: { artifact?: { hash?: unknown }; provenance?: { consensus?: Record<string, unknown> } },
): Promise<VerificationCheck[]> {
  const consensus = response.provenance?.consensus;
  if (!consensus || consensus.certificate === undefined) return [];
  let mesh: MeshKeys;
  if (args.nodeKeys) {
    const file = await readInputFile(io.cwd, args.nodeKeys, "node keys file");
    mesh = parseNodeKeys(
      parseJson(file, `node keys file ${args.nodeKeys}`),
      `node keys file ${args.nodeKeys}`,
    );
  } else if (api) {
    mesh = parseNodeKeys(await api.meshNodes(), "GET /api/v1/qrg/mesh/nodes");
  } else {
    return [{ name: "consensus.certificate", ok: false, detail: NO_NODE_KEYS }];
  }
  const hash = typeof response.artifact?.hash === "string" ? response.artifact.hash : "";
  const report = verifyCertificate(consensus.certificate, mesh.keys, {
    artifactHash: hash,
    ...(mesh.quorum === undefined ? {} : { quorum: mesh.quorum }),
  });
  const certJob = (consensus.certificate as { job_id?: unknown } | null)?.job_id;
  const jobOk = certJob === consensus.job_id;
  const valid = report.valid && jobOk;
  return [
    {
      name: "consensus.certificate",
      ok: valid,
      detail: `${report.signers.length} distinct registered node signature(s), ${report.required} required${
        valid ? ", agreed payload names this artifact" : ""
      }`,
    },
    {
      name: "consensus.job_id",
      ok: jobOk,
      detail: jobOk
        ? String(consensus.job_id)
        : `certificate is for job ${String(certJob)}, response says ${String(consensus.job_id)}`,
    },
    ...report.checks,
  ];
}
