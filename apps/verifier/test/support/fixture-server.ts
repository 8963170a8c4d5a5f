import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/** GET path → fixture file name. */
export type Routes = Record<string, string>;

/** A tiny API stand-in on 127.0.0.1, port 0, serving fixture files; anything else is 404. */
export async function startFixtureServer(
  dir: string,
  routes: Routes,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (request, response) => {
    const file = request.method === "GET" ? routes[request.url ?? ""] : undefined;
    if (!file) {
      response.writeHead(404, { "content-type": "application/problem+json" }).end('{"status":404}');
      return;
    }
    const body = await readFile(join(dir, file));
    response.writeHead(200, { "content-type": "application/octet-stream" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
