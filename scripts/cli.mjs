// node scripts/cli.mjs <command> [args…]
// Runs a command line from its prebuilt JavaScript bundle in build/cli (built by
// `npm ci` through the "prepare" script, or `npm run build`), so no TypeScript is
// compiled at start. A bundle whose sources changed since it was built (checked
// by size and time, then by content hash) is rebuilt first, so a bundle is never stale.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ENTRIES, ROOT, ensureBundle } from './cli-bundles.mjs'

const name = process.argv[2]
const entry = ENTRIES[name]
if (!entry) {
  process.stderr.write(`usage: node scripts/cli.mjs <${Object.keys(ENTRIES).join('|')}> [args…]\n`)
  process.exit(64)
}
const bundle = await ensureBundle({ name, entry })
// The command sees the same argv as when run from source: [node, <entry>, args…].
process.argv.splice(1, 2, path.join(ROOT, entry))
await import(pathToFileURL(bundle).href)
