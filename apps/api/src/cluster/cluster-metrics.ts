import cluster from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";

const REQUEST = "qrg:cluster-metrics-request";
const REPLY = "qrg:cluster-metrics-reply";
const TIMEOUT_MS = 5000;

interface MetricsRequest {
  type: typeof REQUEST;
  id: number;
}

interface MetricsReply {
  type: typeof REPLY;
  id: number;
  text?: string;
  error?: string;
}

/**
 * In the primary: answers workers asking for the whole instance's metrics by collecting every worker's
 * registry (prom-client's AggregatorRegistry: counters and histograms summed across workers).
 */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on("message", (worker, message: MetricsRequest) => {
    if (message?.type !== REQUEST) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: REPLY, id: message.id, text } satisfies MetricsReply),
      (error: unknown) =>
        worker.send({ type: REPLY, id: message.id, error: String(error) } satisfies MetricsReply),
    );
  });
}

let nextId = 0;
const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();

/**
 * In a worker: makes `registry` the one the primary collects, and returns the function that serves
 * `/metrics` — it asks the primary for the aggregate of all workers rather than answering for this one.
 */
export function workerMetricsSource(registry: Registry): () => Promise<string> {
  // Constructing an AggregatorRegistry installs prom-client's worker-side listener.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  process.on("message", (message: MetricsReply) => {
    if (message?.type !== REPLY) return;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.text !== undefined) waiter.resolve(message.text);
    else waiter.reject(new Error(`cluster metrics failed: ${message.error}`));
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error("cluster metrics: the primary did not answer"));
      }, TIMEOUT_MS);
      pending.set(id, {
        resolve: (text) => {
          clearTimeout(timer);
          resolve(text);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      process.send?.({ type: REQUEST, id } satisfies MetricsRequest);
    });
}
