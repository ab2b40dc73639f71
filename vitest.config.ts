import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/helpers/kernels.setup.ts"],
    testTimeout: 60_000,
  },
});
