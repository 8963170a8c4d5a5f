import { mkdtemp, rm } from "node:fs/promises";
import { type AddressInfo, connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

/** A real S3-compatible HTTP server (s3rver, from npm) on 127.0.0.1, with one empty bucket. */
export interface TestS3Server {
  endpoint: string;
  bucket: string;
  /** The credentials it accepts (s3rver's fixed pair). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Environment for a process that should use it through the standard AWS provider chain. */
  env: Record<string, string>;
  /** Stops accepting connections (the store is "down"); `start()` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its data. */
  close(): Promise<void>;
}

const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/**
 * Starts s3rver on a free loopback port, storing objects in a fresh temp directory, behind a TCP relay
 * that can be switched off: while "down" the relay resets every connection, as a crashed server's host
 * would. (Stopping s3rver itself and listening again on the same port is not reliable: a client retrying
 * against the closed port can be handed that very port as its own ephemeral port.)
 *
 * s3rver supports the object calls, metadata and listing; it does not implement bucket versioning,
 * lifecycle or encryption configuration, nor conditional puts (`If-None-Match`), so tests run the store
 * with `conditionalWrites: false` against it.
 */
export async function startTestS3Server(bucket = "qrg-test"): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), "qrg-s3rver-"));
  const s3rver = new S3rver({
    address: "127.0.0.1",
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const backend = (await s3rver.run()) as AddressInfo;
  let up = true;
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    if (!up) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({ port: backend.port, host: "127.0.0.1", noDelay: true });
    client.setNoDelay(true);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
  return {
    endpoint,
    bucket,
    credentials: CREDENTIALS,
    env: {
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_REGION: "us-east-1",
    },
    async stop() {
      up = false;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    async start() {
      up = true;
    },
    async close() {
      up = false;
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => relay.close(resolve));
      await s3rver.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
