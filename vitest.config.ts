import { defineConfig } from "vitest/config";

// One vitest project per workspace package; each package may add its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "tooling"],
    // Coverage options are global in projects mode (used only with --coverage). The threshold glob is matched
    // against paths relative to this directory, so it binds @qrg/mock alone.
    coverage: {
      provider: "v8",
      thresholds: { "packages/mock/src/**": { lines: 90 } },
    },
  },
});
