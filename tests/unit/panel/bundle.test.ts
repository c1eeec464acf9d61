import path from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const root = path.resolve(__dirname, '../../..')

describe('panel command line bundle', () => {
  it('holds only the panel library and loads no package beyond the solver and the schema', async () => {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['panel/cli.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
    const sources = Object.keys(result.metafile.inputs)
    expect(sources.length).toBeGreaterThan(5)
    expect(sources.filter(s => !s.startsWith('panel/'))).toEqual([])
    const packages = new Set(
      Object.values(result.metafile.outputs).flatMap(o => o.imports.filter(i => i.external && !i.path.startsWith('node:')).map(i => i.path)),
    )
    expect([...packages].sort()).toEqual(['highs', 'zod'])
  })
})
