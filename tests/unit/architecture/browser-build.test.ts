// Route modules and components are also bundled for the browser. A value they
// import from a pure library must not lead to a native or WASM package (the
// segmenter, the panel's LP solver): the browser build fails on them. Such
// libraries reach pages through a *.server module, which the build leaves out.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../../..')
const SERVER_ONLY_PACKAGES = ['@node-rs/jieba', 'highs']

/** Value imports (not `import type`) of a file: its specifiers. */
function valueImports(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) out.push(m[1]!)
  return out
}

/** The file a library specifier (#nlp/…, #panel/…, or relative inside them) names, or null for a package. */
function resolveLibrary(fromFile: string, specifier: string): string | null {
  let target: string
  if (specifier.startsWith('#nlp/') || specifier.startsWith('#panel/') || specifier.startsWith('#meetings/')) target = path.join(ROOT, specifier.slice(1))
  else if (specifier.startsWith('.')) target = path.resolve(path.dirname(fromFile), specifier)
  else return null
  for (const candidate of [target, `${target}.ts`, path.join(target, 'index.ts')])
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate
  return null
}

/** The server-only packages a library file reaches through its value imports. */
function serverOnlyReached(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return []
  seen.add(file)
  const found: string[] = []
  for (const specifier of valueImports(fs.readFileSync(file, 'utf8'))) {
    if (SERVER_ONLY_PACKAGES.some(p => specifier === p || specifier.startsWith(`${p}/`))) found.push(specifier)
    const next = resolveLibrary(file, specifier)
    if (next) found.push(...serverOnlyReached(next, seen))
  }
  return found
}

function browserModules(): string[] {
  return ['app/routes', 'app/components', 'app/root.tsx', 'app/i18n', 'app/utils']
    .flatMap(area => {
      const dir = path.join(ROOT, area)
      if (fs.statSync(dir).isFile()) return [dir]
      return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).map(f => path.join(dir, f))
    })
    .filter(f => /\.tsx?$/.test(f) && !/\.server\.tsx?$/.test(f) && fs.statSync(f).isFile())
}

describe('the browser build', () => {
  it('no route module or component imports a library value that leads to the segmenter or the LP solver', () => {
    const offending = browserModules().flatMap(file =>
      valueImports(fs.readFileSync(file, 'utf8')).flatMap(specifier => {
        const lib = specifier.startsWith('#nlp/') || specifier.startsWith('#panel/') ? resolveLibrary(file, specifier) : null
        return lib && serverOnlyReached(lib).length ? [`${path.relative(ROOT, file)} → ${specifier}`] : []
      }),
    )
    expect(offending).toEqual([])
  })

  it('finds such an import where there is one', () => {
    expect(serverOnlyReached(path.join(ROOT, 'panel/index.ts'))).toContain('highs')
    expect(serverOnlyReached(path.join(ROOT, 'nlp/answers.ts'))).toContain('@node-rs/jieba')
    expect(serverOnlyReached(path.join(ROOT, 'nlp/normalize.ts'))).toEqual([])
  })
})
