/** Where the CLI reads and writes: the process in production, buffers in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Relative file arguments resolve against it. */
  cwd: string;
  /** Used for --api. @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * Bearer token for --api reads of artifacts, content and attestations, which only their owner (or an
   * auditor) may read. The CLI takes it from QRG_TOKEN, never from argv (visible to every local user).
   */
  token?: string;
}
