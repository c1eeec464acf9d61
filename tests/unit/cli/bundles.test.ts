import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildBundle } from '../../../scripts/build-cli.mjs'
import { ensureBundle, isBundleFresh } from '../../../scripts/cli-bundles.mjs'

const projectRoot = path.resolve(__dirname, '../../..')
const runNode = (args: string[], input?: string) =>
  spawnSync(process.execPath, args, { cwd: projectRoot, input, encoding: 'utf8' })

describe('command line bundles', () => {
  let root: string
  let outDir: string
  const entry = 'src/main.ts'
  const name = 'hello'

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'teahouse-bundles-'))
    outDir = path.join(root, 'build', 'cli')
    fs.mkdirSync(path.join(root, 'src'))
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ type: 'module' }))
    fs.writeFileSync(path.join(root, 'src', 'words.json'), JSON.stringify({ greeting: '你好' }))
    fs.writeFileSync(path.join(root, 'src', 'who.ts'), "export const who: string = 'world'\n")
    fs.writeFileSync(path.join(root, 'src', 'note.txt'), 'beside the source')
    fs.writeFileSync(
      path.join(root, 'src', entry.split('/')[1]),
      [
        "import { readFileSync } from 'node:fs'",
        "import words from './words.json'",
        "import { who } from './who'",
        "const note = readFileSync(new URL('./note.txt', import.meta.url), 'utf8')",
        'console.log(`${words.greeting} ${who} ${process.argv.slice(2).join(",")} (${note})`)',
      ].join('\n'),
    )
  })
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }))

  it('bundles TypeScript and JSON, and files found next to a source are still found from the bundle', async () => {
    const { bundle } = await buildBundle({ root, outDir, name, entry })
    const run = runNode([bundle, 'a', 'b'])
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe('你好 world a,b (beside the source)\n')
  })

  it('is fresh after a build and after a file is rewritten unchanged, stale after a source changes', async () => {
    expect(isBundleFresh({ root, outDir, name })).toBe(false)
    await buildBundle({ root, outDir, name, entry })
    expect(isBundleFresh({ root, outDir, name })).toBe(true)

    const who = path.join(root, 'src', 'who.ts')
    const later = new Date(Date.now() + 60_000)
    fs.writeFileSync(who, fs.readFileSync(who))
    fs.utimesSync(who, later, later)
    expect(isBundleFresh({ root, outDir, name })).toBe(true)

    fs.writeFileSync(who, "export const who: string = 'teahouse'\n")
    expect(isBundleFresh({ root, outDir, name })).toBe(false)
  })

  it('rebuilds a stale bundle before it runs, and a deleted source makes it stale', async () => {
    await buildBundle({ root, outDir, name, entry })
    fs.writeFileSync(path.join(root, 'src', 'who.ts'), "export const who: string = '茶馆'\n")
    const bundle = await ensureBundle({ root, outDir, name, entry })
    expect(isBundleFresh({ root, outDir, name })).toBe(true)
    expect(runNode([bundle]).stdout).toBe('你好 茶馆  (beside the source)\n')

    fs.rmSync(path.join(root, 'src', 'words.json'))
    expect(isBundleFresh({ root, outDir, name })).toBe(false)
    await expect(ensureBundle({ root, outDir, name, entry })).rejects.toThrow(/words\.json/)
  })

  it('runs the panel command from its bundle with the same result as from source', () => {
    const request = JSON.stringify({
      seats: 2,
      seed: 'bundle',
      topic: { category: '交通运输' },
      pool: [
        { id: 'a', community: '和睦社区' },
        { id: 'b', community: '和睦社区' },
        { id: 'c', community: '小河社区' },
      ],
    })
    const fromBundle = runNode(['scripts/cli.mjs', 'panel', 'select'], request)
    const fromSource = runNode(['--import', 'tsx', 'panel/cli.ts', 'select'], request)
    expect(fromBundle.status).toBe(0)
    const strip = (out: string) => {
      const r = JSON.parse(out)
      delete r.diagnostics.millis
      return r
    }
    expect(strip(fromBundle.stdout).panel).toHaveLength(2)
    expect(strip(fromBundle.stdout)).toEqual(strip(fromSource.stdout))
  })

  it('keeps the exit codes and usage of the commands, and refuses an unknown command', () => {
    expect(runNode(['scripts/cli.mjs', 'panel']).status).toBe(64)
    const unknown = runNode(['scripts/cli.mjs', 'teapot'])
    expect(unknown.status).toBe(64)
    expect(unknown.stderr).toMatch(/usage: .*panel\|nlp\|import\|token/)
    const bad = runNode(['scripts/cli.mjs', 'panel', 'select'], '{not json')
    expect(bad.status).toBe(1)
    expect(JSON.parse(bad.stdout).error).toMatch(/not valid JSON/)
  })
})
