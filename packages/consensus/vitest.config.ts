import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "@qrg/consensus",
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
