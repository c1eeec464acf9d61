import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { IMPORT_FIELDS } from '#app/services/import.server'
import { CHANNELS, ROLES } from '#db/enums'
import { API_SCOPES, DEFAULT_TOKEN_DAYS } from '#db/queries/auth'

// Someone following the README asks a command line how to use it: `--help`
// answers on standard output, exits 0, touches no database and says what the
// options take, so the next command can be written without reading the source.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-cli-help-'))
const dbPath = path.join(dir, 'never.db')
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['scripts/cli.mjs', ...args], { env: { ...process.env, DATABASE_PATH: dbPath }, encoding: 'utf8' })

describe('npm run token -- --help', () => {
  for (const flag of ['--help', '-h', 'help']) {
    it(`${flag}: prints the usage, every role and scope and the default expiry on stdout, and exits 0`, () => {
      const r = cli('token', flag)
      expect(r.status).toBe(0)
      expect(r.stdout).toContain('token -- create --role <role>')
      for (const role of ROLES) expect(r.stdout).toContain(role)
      for (const scope of API_SCOPES) expect(r.stdout).toContain(scope)
      expect(r.stdout).toContain(String(DEFAULT_TOKEN_DAYS))
      expect(r.stderr).toBe('')
      expect(fs.existsSync(dbPath)).toBe(false)
    })
  }

  it('create --help explains instead of complaining that --role is missing', () => {
    const r = cli('token', 'create', '--help')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('--expires-days')
    expect(fs.existsSync(dbPath)).toBe(false)
  })

  it('an unknown command still fails with the usage on stderr', () => {
    const r = cli('token', 'list')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('token -- create --role <role>')
  })
})

describe('npm run import -- --help', () => {
  it('prints the usage, the channels, the fields --map takes and the exit statuses on stdout, and exits 0', () => {
    const r = cli('import', '--help')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('import -- <file>')
    for (const channel of CHANNELS) expect(r.stdout).toContain(channel)
    for (const field of IMPORT_FIELDS) expect(r.stdout).toContain(field)
    expect(r.stdout).toMatch(/CSV.*XLSX.*JSONL/)
    expect(r.stdout).toMatch(/\b1\b.*reject/i)
    expect(r.stderr).toBe('')
    expect(fs.existsSync(dbPath)).toBe(false)
  })

  it('without a file it fails with the usage on stderr', () => {
    const r = cli('import')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('import -- <file>')
  })
})

describe('npm run nlp -- --help', () => {
  for (const args of [['--help'], ['-h'], ['help'], ['answers', '--help']]) {
    it(`${args.join(' ')}: prints each command's usage and its input and output lines on stdout, and exits 0`, () => {
      const r = cli('nlp', ...args)
      expect(r.status).toBe(0)
      expect(r.stderr).toBe('')
      for (const command of ['classify', 'topics', 'answers']) expect(r.stdout).toContain(`nlp ${command}`)
      expect(r.stdout).toContain('{"id", "answers": [{"id", "score"}]}')
      expect(r.stdout).toContain('--corpus')
      expect(r.stdout).toMatch(/Exit status/)
    })
  }

  it('an unknown command still fails with the usage on stderr', () => {
    const r = cli('nlp', 'cluster')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('nlp: unknown command cluster')
    expect(r.stderr).toContain('nlp answers --corpus')
  })
})
