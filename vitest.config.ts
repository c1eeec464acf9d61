import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      { find: /^#app\/(.*)$/, replacement: r('./app/$1') },
      { find: /^#db\/(.*)$/, replacement: r('./db/$1') },
      { find: /^#meetings\/(.*)$/, replacement: r('./meetings/$1') },
      { find: /^#nlp\/(.*)$/, replacement: r('./nlp/$1') },
      { find: /^#panel\/(.*)$/, replacement: r('./panel/$1') },
      { find: /^#realtime\/(.*)$/, replacement: r('./realtime/$1') },
      { find: /^#tests\/(.*)$/, replacement: r('./tests/$1') },
    ],
  },
  test: {
    globals: true,
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    setupFiles: ['tests/setup/console.ts'],
  },
})
