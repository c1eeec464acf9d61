import path from 'node:path'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'
import base from './vitest.config'

// The browser tests share one demo server. `loop` walks the demo's hottest
// suggestion (小河小学) from suggestion to public record, so it runs first;
// later files approve or merge demo suggestions. A fixed order keeps a fresh
// clone (no timing cache) from reordering them.
const ORDER = ['loop', 'foundation', 'intake', 'topics', 'panel', 'meetings', 'outcomes']

class FixedOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const rank = (f: TestSpecification) => {
      const i = ORDER.indexOf(path.basename(f.moduleId).replace(/\.e2e\.ts$/, ''))
      return i < 0 ? ORDER.length : i
    }
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId))
  }
}

export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    // One browser at a time on a 2-core machine; the server is shared.
    fileParallelism: false,
    sequence: { sequencer: FixedOrder },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
