// Where the command line bundles live and whether one is up to date with its
// sources. Plain JavaScript with only Node's own imports: it runs before any build.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const OUT_DIR = path.join(ROOT, 'build', 'cli')

/** Command name → its TypeScript entry point (relative to the project root). */
export const ENTRIES = {
  panel: 'panel/cli.ts',
  nlp: 'nlp/cli.ts',
  import: 'app/cli/import.ts',
  token: 'app/cli/token.ts',
  'eval-nlp': 'nlp/eval.ts',
  'db-migrate': 'db/migrate-cli.ts',
  'db-seed': 'db/seed-cli.ts',
  'bench-panel': 'tests/bench/panel.ts',
  'bench-import': 'tests/bench/import.ts',
}

export const bundlePath = (outDir, name) => path.join(outDir, `${name}.js`)
export const manifestPath = (outDir, name) => path.join(outDir, `${name}.sources.json`)
export const hashText = bytes => createHash('sha256').update(bytes).digest('hex')

/**
 * Whether the bundle of `name` in `outDir` was built from the sources as they are now.
 * The manifest lists every source file the bundle holds with its size, mtime and hash;
 * size and mtime are enough when they match, the hash decides when they do not
 * (a checkout rewrites files without changing them).
 */
export function isBundleFresh({ root = ROOT, outDir = OUT_DIR, name }) {
  let manifest
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath(outDir, name), 'utf8'))
    fs.accessSync(bundlePath(outDir, name))
  } catch {
    return false
  }
  for (const [rel, { size, mtimeMs, sha256 }] of Object.entries(manifest.sources)) {
    const file = path.join(root, rel)
    let stat
    try {
      stat = fs.statSync(file)
    } catch {
      return false
    }
    if (stat.size === size && stat.mtimeMs === mtimeMs) continue
    if (stat.size !== size || hashText(fs.readFileSync(file)) !== sha256) return false
  }
  return true
}

/** Builds the bundle when it is missing or stale; returns its path. */
export async function ensureBundle({ root = ROOT, outDir = OUT_DIR, name, entry }) {
  if (!isBundleFresh({ root, outDir, name })) {
    const { buildBundle } = await import('./build-cli.mjs')
    await buildBundle({ root, outDir, name, entry })
  }
  return bundlePath(outDir, name)
}
