/**
 * Command line: `npm run --silent panel -- select < request.json`.
 * stdout carries only JSON (the result, or {"error", "conflicts"|"issues"});
 * human messages go to stderr. Exit codes: 0 ok, 1 invalid input,
 * 2 infeasible constraints, 3 internal error, 64 usage.
 */
import { setFlagsFromString } from 'node:v8'
import { InfeasibleError, ValidationError, checkFeasibility, selectPanel } from './index'
import { getHighs } from './solver'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of process.stdin) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function out(obj: unknown): void {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

async function main(): Promise<number> {
  const cmd = process.argv[2]
  if (cmd !== 'select' && cmd !== 'check') {
    process.stderr.write('usage: panel select < request.json   (or: panel check < request.json)\n')
    return 64
  }
  // One draw runs the solver for well under a second: V8's optimising tier
  // would spend more CPU compiling HiGHS's hot functions (~0.6 s at 10,000
  // members) than it saves. Its baseline code computes the same results.
  setFlagsFromString('--liftoff-only')
  // Compile the solver while the request arrives.
  void getHighs()
  const text = await readStdin()
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    const msg = `request is not valid JSON: ${(e as Error).message}`
    process.stderr.write(msg + '\n')
    out({ error: msg })
    return 1
  }
  try {
    if (cmd === 'check') {
      const r = await checkFeasibility(raw as never)
      out(r)
      return r.feasible ? 0 : 2
    }
    out(await selectPanel(raw as never))
    return 0
  } catch (e) {
    if (e instanceof ValidationError) {
      process.stderr.write(e.message + '\n')
      out({ error: e.message, issues: e.issues })
      return 1
    }
    if (e instanceof InfeasibleError) {
      process.stderr.write(`infeasible: ${e.message}\n`)
      out({ error: `infeasible: ${e.message}`, conflicts: e.conflicts })
      return 2
    }
    process.stderr.write(`internal error: ${(e as Error).stack ?? e}\n`)
    out({ error: `internal error: ${(e as Error).message}` })
    return 3
  }
}

main().then(
  code => {
    process.exitCode = code
  },
  e => {
    process.stderr.write(String(e) + '\n')
    process.exitCode = 3
  },
)
