/**
 * Panel selection benchmark: `npm run bench:panel` (prints JSON).
 *
 * Synthetic pools (seeded PRNG) of 1,000 and 10,000 members with 6 quota
 * attributes (some quotas deliberately non-proportional, so the maximin
 * problem is not trivial) and 5 role seats; panel of 25. For each we report
 * the in-process time of selectPanel, the wall time of the CLI
 * (`npm run --silent panel -- select < request.json`, which includes process
 * start and loading the WASM solver), the minimum selection probability, and
 * its ratio to the maximin value of the LP relaxation — an upper bound on the
 * exact maximin optimum, so the true ratio is at least the one printed.
 * The CLI runs from its prebuilt bundle (build/cli/panel.js).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkPanel, selectPanel } from '../../panel/index'
import { syntheticRequest } from '../../panel/synthetic'

async function measure(N: number, opts: { rotation?: boolean } = {}) {
  const req = syntheticRequest(N, 'bench', opts)
  const t0 = performance.now()
  const r = await selectPanel(req)
  const ms = performance.now() - t0
  const probs = Object.values(r.probabilities)
  const sum = probs.reduce((a, b) => a + b, 0)
  const min = Math.min(...probs)
  const violations = checkPanel(req, r.panel.map((p) => p.id))
  // CLI wall time, as measured from outside.
  const dir = mkdtempSync(join(tmpdir(), 'panel-bench-'))
  const file = join(dir, 'request.json')
  writeFileSync(file, JSON.stringify(req))
  const c0 = performance.now()
  const stdout = execFileSync('npm', ['run', '--silent', 'panel', '--', 'select'], {
    input: readFileSync(file),
    maxBuffer: 1 << 28,
  }).toString()
  const cliMs = performance.now() - c0
  const cli = JSON.parse(stdout)
  return {
    pool: N,
    seats: 25,
    quotaAttributes: 6,
    roleSeats: 5,
    rotation: !!opts.rotation,
    selectMs: Math.round(ms),
    cliWallMs: Math.round(cliMs),
    classes: r.diagnostics.classes,
    lotteryPanels: r.diagnostics.lotteryPanels,
    fallbackSolves: r.diagnostics.fallbackSolves,
    minProbability: +min.toPrecision(6),
    minWeightedProbability: +r.diagnostics.minWeightedProbability.toPrecision(6),
    maximinUpperBound: +r.diagnostics.maximinUpperBound.toPrecision(6),
    fairnessRatio: +r.diagnostics.fairnessRatio.toFixed(4),
    probabilitySum: +sum.toFixed(9),
    constraintViolations: violations,
    cliSamePanel: JSON.stringify(cli.panel) === JSON.stringify(r.panel),
  }
}

/**
 * Start-up cost: the CLI drawing a 1-member panel, beside its baseline, a bare
 * `node` start through `npm run` (the floor any command line pays). Medians of 5.
 */
function startup() {
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]
  const time = (args: string[], input: string) => {
    const t0 = performance.now()
    execFileSync('npm', args, { input, stdio: ['pipe', 'pipe', 'inherit'] })
    return performance.now() - t0
  }
  const one = JSON.stringify({ seats: 1, seed: 'bench', topic: { category: '交通运输' }, pool: [{ id: 'a' }] })
  const cli: number[] = []
  const bare: number[] = []
  for (let i = 0; i < 5; i++) {
    cli.push(time(['run', '--silent', 'panel', '--', 'select'], one))
    bare.push(time(['exec', '--', 'node', '-e', '0'], ''))
  }
  return { oneMemberCliWallMs: Math.round(median(cli)), bareNodeViaNpmWallMs: Math.round(median(bare)) }
}

const results = []
for (const N of [1000, 10000]) results.push(await measure(N))
results.push(await measure(10000, { rotation: true }))
const start = startup()
const out = {
  benchmark: 'panel',
  targets: { cliWallMsAt10000: 1500, oneMemberCliWallMs: 300, fairnessRatio: 0.95 },
  startup: start,
  results,
  pass: results.every((r) => r.fairnessRatio >= 0.95 && r.constraintViolations.length === 0) &&
    results.filter((r) => r.pool === 10000).every((r) => r.cliWallMs < 1500) &&
    start.oneMemberCliWallMs < 300,
}
console.log(JSON.stringify(out, null, 2))
