import { QRGError, QRGValidationError } from "@qrg/core";
import { Hono } from "hono";
import type { MeshConsensusService } from "./mesh-consensus.ts";

const JOB_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * `GET /mesh/nodes` (the registered node keys with their last-seen times: what `qrg-verify` checks quorum
 * certificates against) and `GET /jobs/{job_id}` (a consensus job's state, votes and, once completed, its
 * response). Mounted under /api/v1/qrg; without a mesh both answer 404.
 */
export function meshRoutes(mesh: MeshConsensusService | undefined): Hono {
  const routes = new Hono();
  const meshOf = () => {
    if (!mesh) throw new QRGError("not_found", "mesh consensus is not enabled on this deployment");
    return mesh;
  };

  routes.get("/mesh/nodes", async (c) => {
    const { coordinator } = meshOf();
    const nodes = await coordinator.listNodes();
    return c.json({ quorum: coordinator.quorum, configured: coordinator.nodes, nodes });
  });

  routes.get("/jobs/:job_id", async (c) => {
    const { coordinator } = meshOf();
    const jobId = c.req.param("job_id");
    if (!JOB_ID.test(jobId)) throw new QRGValidationError("job_id must be a consensus job id (a UUID)");
    const record = await coordinator.jobs.get(jobId);
    if (!record) throw new QRGError("not_found", "no such consensus job (records expire after a day)");
    return c.json(record);
  });

  return routes;
}
