/** Where the CLI reads and writes: the process in production, buffers in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Relative file arguments resolve against it. */
  cwd: string;
  /** Used for --api. @default globalThis.fetch */
  fetch?: typeof fetch;
}
