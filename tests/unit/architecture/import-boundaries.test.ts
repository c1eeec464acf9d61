// The direction of imports between the top-level areas: the pure libraries
// (nlp, panel, meetings) know nothing of the app, the database or the
// transport; the data layer knows nothing of the app or the transport; the
// transport knows nothing of the app, which injects what it needs.
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../../..')
const SOURCE = /\.(?:[cm]?[jt]s|tsx|jsx)$/

/** What each area must not import. `remix` is any @remix-run package, `react` React and its subpaths. */
const FORBIDDEN: Record<string, readonly string[]> = {
  nlp: ['app', 'db', 'realtime', 'remix', 'react'],
  panel: ['app', 'db', 'realtime', 'remix', 'react'],
  meetings: ['app', 'db', 'realtime', 'remix', 'react'],
  db: ['app', 'realtime'],
  realtime: ['app'],
}

type SourceFile = { file: string; text: string }
type Violation = { file: string; specifier: string; target: string }

const subpathImports: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).imports

/** Every module a file names: static imports and re-exports, `import type`, dynamic `import()` and `require()`. */
function specifiersOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map(f => f.fileName)
}

/** The area (top-level folder, or `remix`/`react`) a specifier points to, or null for anything else. */
function areaOf(fromFile: string, specifier: string): string | null {
  if (specifier.startsWith('.')) {
    const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(fromFile), specifier))
    return target.startsWith('..') ? null : target.split(path.sep)[0]!
  }
  if (specifier.startsWith('#')) {
    for (const [pattern, replacement] of Object.entries(subpathImports)) {
      const prefix = pattern.replace(/\*$/, '')
      if (specifier.startsWith(prefix)) return path.normalize(replacement.replace(/\*$/, '')).split(path.sep)[0]!
    }
    return null
  }
  if (specifier.startsWith('@remix-run/')) return 'remix'
  if (specifier === 'react' || specifier.startsWith('react/') || specifier === 'react-dom' || specifier.startsWith('react-dom/')) return 'react'
  return null
}

function violations(files: readonly SourceFile[]): Violation[] {
  const out: Violation[] = []
  for (const { file, text } of files) {
    const forbidden = FORBIDDEN[file.split('/')[0]!]
    if (!forbidden) continue
    for (const specifier of specifiersOf(text)) {
      const target = areaOf(file, specifier)
      if (target && forbidden.includes(target)) out.push({ file, specifier, target })
    }
  }
  return out
}

function sourcesUnder(area: string): SourceFile[] {
  const dir = path.join(ROOT, area)
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter(f => SOURCE.test(f) && !f.split(path.sep).includes('node_modules'))
    .map(f => ({ file: [area, ...f.split(path.sep)].join('/'), text: fs.readFileSync(path.join(dir, f), 'utf8') }))
}

describe('import boundaries', () => {
  it('catches every way of naming a forbidden module (the check itself can fail)', () => {
    const bad: SourceFile[] = [
      { file: 'meetings/a.ts', text: "import { getDb } from '#db/client'" },
      { file: 'meetings/b.ts', text: "import type {\n  MessageKey,\n} from '../app/i18n/index'" },
      { file: 'nlp/c.ts', text: "const m = await import('#realtime/events')" },
      { file: 'panel/d.ts', text: "const r = require('@remix-run/node')" },
      { file: 'panel/sub/e.tsx', text: "import { useState } from 'react'\nexport * from '../../db/schema/index'" },
      { file: 'db/queries/f.ts', text: "import type { Notifier } from '../../realtime/index'" },
      { file: 'db/g.ts', text: "export { t } from '#app/i18n/index'" },
      { file: 'realtime/h.ts', text: "import { parseCookies } from '#app/utils/cookies'" },
    ]
    expect(violations(bad).map(v => `${v.file} → ${v.target}`)).toEqual([
      'meetings/a.ts → db',
      'meetings/b.ts → app',
      'nlp/c.ts → realtime',
      'panel/d.ts → remix',
      'panel/sub/e.tsx → react',
      'panel/sub/e.tsx → db',
      'db/queries/f.ts → realtime',
      'db/g.ts → app',
      'realtime/h.ts → app',
    ])
  })

  it('lets each area import what it may', () => {
    const fine: SourceFile[] = [
      { file: 'meetings/a.ts', text: "import { z } from 'zod'\nimport { tallyVote } from './tally'\n// a comment about '#app/x' is not an import" },
      { file: 'db/queries/b.ts', text: "import { planCommand } from '../../meetings/planning'\nimport { scrub } from '#nlp/scrub'" },
      { file: 'realtime/c.ts', text: "import { getMeeting } from '#db/queries/meetings'\nimport { redactEvent } from '#meetings/visibility'" },
      { file: 'app/d.tsx', text: "import { useState } from 'react'\nimport { createRealtime } from '#realtime/index'" },
    ]
    expect(violations(fine)).toEqual([])
  })

  it('holds for the source tree', () => {
    const files = Object.keys(FORBIDDEN).flatMap(sourcesUnder)
    // The walk found the libraries (an empty walk would pass anything).
    for (const area of Object.keys(FORBIDDEN))
      expect(
        files.some(f => f.file.startsWith(`${area}/`)),
        area,
      ).toBe(true)
    expect(violations(files)).toEqual([])
  })
})
