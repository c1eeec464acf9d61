// node scripts/build-cli.mjs [command…]
// Bundles the command lines (ENTRIES in scripts/cli-bundles.mjs) with esbuild into
// build/cli/<command>.js, each with a manifest of the sources it holds.
// Project sources are bundled; packages stay external and load from
// node_modules at run time (native modules such as better-sqlite3 and
// @node-rs/jieba cannot be bundled, and a dependency upgrade then needs no rebuild).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { ENTRIES, OUT_DIR, ROOT, bundlePath, hashText, manifestPath } from './cli-bundles.mjs'

const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx', '.json': 'json' }
const THIS_FILE = fileURLToPath(import.meta.url)

const toPosix = p => p.split(path.sep).join('/')

/**
 * Reads each project source itself (to record exactly what went into the
 * bundle) and rewrites `import.meta.url`/`dirname`/`filename` to the source
 * file's own location, so code that finds files next to itself still does.
 */
function trackSources(root, outDir, sources) {
  return {
    name: 'track-sources',
    setup(b) {
      b.onLoad({ filter: /\.[cm]?[jt]sx?$|\.json$/ }, args => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined
        // Stat before reading: a file changed in between then fails the size/time
        // check later and its hash (of what was read) decides.
        const stat = fs.statSync(args.path)
        const bytes = fs.readFileSync(args.path)
        sources.set(args.path, { size: stat.size, mtimeMs: stat.mtimeMs, sha256: hashText(bytes) })
        let contents = bytes.toString('utf8')
        const fromBundle = JSON.stringify(toPosix(path.relative(outDir, args.path)))
        const url = `new URL(${fromBundle}, import.meta.url)`
        contents = contents
          .replace(/\bimport\.meta\.url\b/g, () => `${url}.href`)
          .replace(/\bimport\.meta\.filename\b/g, () => `decodeURIComponent(${url}.pathname)`)
          .replace(/\bimport\.meta\.dirname\b/g, () => `decodeURIComponent(new URL('.', ${url}).pathname).slice(0, -1)`)
        return { contents, loader: LOADERS[path.extname(args.path)] ?? 'js', resolveDir: path.dirname(args.path) }
      })
    },
  }
}

const SKIP = Symbol('resolve as esbuild would')

/**
 * Packages stay external, under a specifier Node's own ESM resolution accepts:
 * a subpath of a package without an exports map needs its file extension in
 * ESM (`@node-rs/jieba/dict` → `@node-rs/jieba/dict.js`), which TypeScript
 * sources leave out.
 */
function externalPackages() {
  return {
    name: 'external-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./#]/ }, async args => {
        if (args.pluginData === SKIP) return undefined
        if (args.path.startsWith('node:')) return { path: args.path, external: true }
        // import.meta.resolve maps a specifier to a URL without checking that the file exists.
        try {
          const url = import.meta.resolve(args.path)
          if (url.startsWith('node:') || fs.statSync(fileURLToPath(url)).isFile()) return { path: args.path, external: true }
        } catch {}
        const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: SKIP })
        if (found.errors.length) return { errors: found.errors }
        const name = args.path
          .split('/')
          .slice(0, args.path.startsWith('@') ? 2 : 1)
          .join('/')
        const at = toPosix(found.path).lastIndexOf(`/node_modules/${name}/`)
        if (at < 0) return { errors: [{ text: `cannot map ${args.path} (${found.path}) to a package file` }] }
        const specifier = `${name}/${toPosix(found.path).slice(at + `/node_modules/${name}/`.length)}`
        return { path: specifier, external: true }
      })
    },
  }
}

/** Builds one command's bundle and manifest; both are replaced atomically. */
export async function buildBundle({ root = ROOT, outDir = OUT_DIR, name, entry }) {
  fs.mkdirSync(outDir, { recursive: true })
  const sources = new Map()
  const result = await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    outfile: bundlePath(outDir, name),
    logLevel: 'warning',
    plugins: [externalPackages(), trackSources(root, outDir, sources)],
  })
  // The build configuration and the import map are sources too.
  for (const file of [THIS_FILE, path.join(root, 'package.json')]) {
    if (!fs.existsSync(file)) continue
    const stat = fs.statSync(file)
    sources.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, sha256: hashText(fs.readFileSync(file)) })
  }
  const manifest = { entry, builtAt: new Date().toISOString(), sources: {} }
  for (const [file, info] of [...sources].sort(([a], [b]) => a.localeCompare(b))) {
    manifest.sources[toPosix(path.relative(root, file))] = info
  }
  const [output] = result.outputFiles
  writeAtomically(bundlePath(outDir, name), output.contents)
  writeAtomically(manifestPath(outDir, name), JSON.stringify(manifest, null, 1) + '\n')
  return { bundle: bundlePath(outDir, name), sources: Object.keys(manifest.sources).length, bytes: output.contents.length }
}

// Another process may be running or rebuilding the same command at the same time.
function writeAtomically(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, contents)
  fs.renameSync(tmp, file)
}

async function main() {
  const names = process.argv.slice(2)
  for (const name of names) if (!ENTRIES[name]) throw new Error(`unknown command: ${name} (known: ${Object.keys(ENTRIES).join(', ')})`)
  const chosen = names.length ? names : Object.keys(ENTRIES)
  const started = Date.now()
  const built = await Promise.all(chosen.map(name => buildBundle({ name, entry: ENTRIES[name] })))
  const kb = Math.round(built.reduce((s, b) => s + b.bytes, 0) / 1024)
  process.stderr.write(`built ${built.length} command line bundles in build/cli (${kb} KB) in ${Date.now() - started} ms\n`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) await main()
