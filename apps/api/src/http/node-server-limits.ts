import type { Server } from "node:http";
import type { Http2SecureServer, Http2Server } from "node:http2";
import { HTTP_LAYER_PROBLEMS, problem } from "../problem.ts";

export interface ServerLimits {
  /** Time a client has to send the complete request headers. @default 10_000 */
  headersTimeoutMs?: number;
  /** Time a client has to send the whole request, body included (a slow upload is cut). @default 30_000 */
  requestTimeoutMs?: number;
  /** Idle time before a kept-alive connection is closed. @default 5_000 */
  keepAliveTimeoutMs?: number;
}

const CODE_FOR: Record<string, keyof typeof HTTP_LAYER_PROBLEMS> = {
  HPE_HEADER_OVERFLOW: "request_header_too_large",
  ERR_HTTP_REQUEST_TIMEOUT: "request_timeout",
  HPE_HEADERS_TIMEOUT: "request_timeout",
};

/**
 * Bounds how long a client may take to send headers and body, and answers requests Node's HTTP parser
 * refuses (malformed request lines, oversized headers, timeouts) with problem+json instead of Node's bare
 * "400 Bad Request", closing the connection as the answer says.
 */
export function applyServerLimits(
  server: Server | Http2Server | Http2SecureServer,
  limits: ServerLimits = {},
): void {
  const http = server as Server;
  http.headersTimeout = limits.headersTimeoutMs ?? 10_000;
  http.requestTimeout = limits.requestTimeoutMs ?? 30_000;
  http.keepAliveTimeout = limits.keepAliveTimeoutMs ?? 5_000;
  http.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const code = CODE_FOR[error.code ?? ""] ?? "malformed_request";
    const status = HTTP_LAYER_PROBLEMS[code];
    const { body } = problem(status, code, "the HTTP request could not be parsed or was not sent in time");
    const text = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} ${body.title}\r\ncontent-type: application/problem+json\r\n` +
        `content-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
    );
  });
}
