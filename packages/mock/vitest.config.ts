import { defineConfig } from "vitest/config";

// Coverage options only take effect when this file is the root config (`pnpm vitest run --coverage` inside
// packages/mock). From the monorepo root, the root vitest.config.ts carries the same section for this package.
export default defineConfig({
  test: {
    name: "@qrg/mock",
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    coverage: {
      provider: "v8",
      include: ["src/**"],
      thresholds: { lines: 90 },
    },
  },
});
