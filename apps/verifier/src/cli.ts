#!/usr/bin/env node
// Process entry of qrg-verify: everything else lives in createCli so tests run it in-process.
import { createCli } from "./create-cli.ts";

// A reader that stops early (`| head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

const cli = createCli({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  ...(process.env.QRG_TOKEN ? { token: process.env.QRG_TOKEN } : {}),
});
process.exitCode = await cli.run(process.argv.slice(2));
