import { defineConfig } from 'vitest/config'
import base from './vitest.config'

export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    // One browser at a time on a 2-core machine; the server is shared.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
