export { type CliArgs, type Mode, parseCliArgs } from "./args.ts";
export { type Cli, createCli, EXIT_INVALID, EXIT_USAGE, EXIT_VALID } from "./create-cli.ts";
export { detectMode } from "./detect.ts";
export type { CliIo } from "./io.ts";
export type { Outcome } from "./outcome.ts";
export { renderHuman, renderJson } from "./render.ts";
export { USAGE } from "./usage.ts";
