// The reference: a bare Hono JSON echo route on @hono/node-server, measured under the same load.
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();
app.post("/echo", async (c) => c.json(await c.req.json()));
const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
  process.stdout.write(`QRG API listening on http://127.0.0.1:${info.port}\n`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
