import { type Principal, QRGError, QRGValidationError } from "@qrg/core";
import type { QRGResponse } from "@qrg/schema";
import { Hono, type MiddlewareHandler } from "hono";
import { mayRead } from "../reads/artifact-owner.ts";
import type { MeshConsensusService } from "./mesh-consensus.ts";

type Env = { Variables: { principal: Principal } };

const JOB_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * `GET /mesh/nodes` (the registered node keys with their last-seen times: what `qrg-verify` checks quorum
 * certificates against) and `GET /jobs/{job_id}` (a consensus job's state, votes and, once completed, its
 * response). Mounted under /api/v1/qrg; without a mesh both answer 404. A job record needs a token, and
 * one that holds a response is shown only to whoever may read that artifact (its owner or an auditor):
 * to anyone else it does not exist, like the artifact itself.
 */
export function meshRoutes(
  mesh: MeshConsensusService | undefined,
  authenticate: MiddlewareHandler<Env>,
): Hono<Env> {
  const routes = new Hono<Env>();
  const meshOf = () => {
    if (!mesh) throw new QRGError("not_found", "mesh consensus is not enabled on this deployment");
    return mesh;
  };

  routes.get("/mesh/nodes", async (c) => {
    const { coordinator } = meshOf();
    const nodes = await coordinator.listNodes();
    return c.json({ quorum: coordinator.quorum, configured: coordinator.nodes, nodes });
  });

  routes.get("/jobs/:job_id", authenticate, async (c) => {
    const { coordinator } = meshOf();
    const jobId = c.req.param("job_id");
    if (!JOB_ID.test(jobId)) throw new QRGValidationError("job_id must be a consensus job id (a UUID)");
    const record = await coordinator.jobs.get(jobId);
    const hidden =
      record?.response !== undefined &&
      (record.qrg_id === undefined ||
        !mayRead(c.get("principal"), record.qrg_id, record.response as QRGResponse));
    if (!record || hidden)
      throw new QRGError("not_found", "no such consensus job (records expire after a day)");
    return c.json(record);
  });

  return routes;
}
