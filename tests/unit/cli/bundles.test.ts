import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildBundle } from '../../../scripts/build-cli.mjs'
import { ensureBundle, isBundleFresh } from '../../../scripts/cli-bundles.mjs'

const projectRoot = path.resolve(__dirname, '../../..')
const runNode = (args: string[], input?: string) => spawnSync(process.execPath, args, { cwd: projectRoot, input, encoding: 'utf8' })

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
    // A package without an exports map, imported by a subpath without extension (as jieba's dictionary is).
    fs.mkdirSync(path.join(root, 'node_modules', 'plainpkg'), { recursive: true })
    fs.writeFileSync(path.join(root, 'node_modules', 'plainpkg', 'package.json'), JSON.stringify({ name: 'plainpkg', main: 'index.js' }))
    fs.writeFileSync(path.join(root, 'node_modules', 'plainpkg', 'index.js'), 'exports.main = 1\n')
    fs.writeFileSync(path.join(root, 'node_modules', 'plainpkg', 'words.js'), "exports.punct = '!'\n")
    fs.writeFileSync(
      path.join(root, 'src', entry.split('/')[1]),
      [
        "import { readFileSync } from 'node:fs'",
        "import words from './words.json'",
        "import { who } from './who'",
        "import { punct } from 'plainpkg/words'",
        "const note = readFileSync(new URL('./note.txt', import.meta.url), 'utf8')",
        'console.log(`${words.greeting} ${who}${punct} ${process.argv.slice(2).join(",")} (${note})`)',
      ].join('\n'),
    )
  })
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }))

  it('bundles TypeScript and JSON, keeps packages importable by Node, and files next to a source are still found', async () => {
    const { bundle } = await buildBundle({ root, outDir, name, entry })
    const run = runNode([bundle, 'a', 'b'])
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe('你好 world! a,b (beside the source)\n')
    expect(fs.readFileSync(bundle, 'utf8')).toContain('from "plainpkg/words.js"')
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
    expect(runNode([bundle]).stdout).toBe('你好 茶馆!  (beside the source)\n')

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

  it('runs the nlp command from its bundle with the same result as from source', () => {
    const input = ['{"id":1,"text":"小区门口路灯坏了好几天，晚上很黑"}', '{"id":2,"text":"楼下饭店油烟太大，窗户都不敢开"}'].join('\n') + '\n'
    const fromBundle = runNode(['scripts/cli.mjs', 'nlp', 'classify'], input)
    const fromSource = runNode(['--import', 'tsx', 'nlp/cli.ts', 'classify'], input)
    expect(fromBundle.status).toBe(0)
    expect(fromBundle.stdout.trim().split('\n')).toHaveLength(2)
    expect(fromBundle.stdout).toBe(fromSource.stdout)
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
