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
 * The CLI runs from its prebuilt bundle (build/cli/panel.js). CLI figures are
 * medians of 3 runs, with CPU time beside wall time: the panel process's own
 * (`cliCpuMs`) and that of every node process of the run, npm included
 * (`cliCpuMsWithNpm`); the load average at the start is printed too.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkPanel, selectPanel } from '../../panel/index'
import { syntheticRequest } from '../../panel/synthetic'

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]
const cpuReporter = fileURLToPath(new URL('./cpu-report.cjs', import.meta.url))
const cpuLog = join(mkdtempSync(join(tmpdir(), 'panel-bench-cpu-')), 'cpu.jsonl')

/** Runs `npm args` once: wall ms, stdout, the CPU ms of the process running `script`, and of all node processes. */
function timedNpm(args: string[], input: string | Buffer, script: RegExp) {
  rmSync(cpuLog, { force: true })
  const env = { ...process.env, BENCH_CPU_LOG: cpuLog, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${cpuReporter}`.trim() }
  const t0 = performance.now()
  const stdout = execFileSync('npm', args, { input, env, maxBuffer: 1 << 28, stdio: ['pipe', 'pipe', 'inherit'] }).toString()
  const wallMs = performance.now() - t0
  const reports = existsSync(cpuLog)
    ? readFileSync(cpuLog, 'utf8')
        .trim()
        .split('\n')
        .map(l => JSON.parse(l) as { script: string; cpuMs: number })
    : []
  const own = reports.filter(r => script.test(r.script))
  return {
    wallMs,
    stdout,
    cpuMs: own.reduce((a, r) => a + r.cpuMs, 0),
    cpuMsWithNpm: reports.reduce((a, r) => a + r.cpuMs, 0),
  }
}

const PANEL_CLI = /scripts[\\/]cli\.mjs$|panel[\\/]cli\.ts$/

async function measure(N: number, opts: { rotation?: boolean } = {}) {
  const req = syntheticRequest(N, 'bench', opts)
  const t0 = performance.now()
  const r = await selectPanel(req)
  const ms = performance.now() - t0
  const probs = Object.values(r.probabilities)
  const sum = probs.reduce((a, b) => a + b, 0)
  const min = Math.min(...probs)
  const violations = checkPanel(
    req,
    r.panel.map(p => p.id),
  )
  // CLI wall time, as measured from outside.
  const dir = mkdtempSync(join(tmpdir(), 'panel-bench-'))
  const file = join(dir, 'request.json')
  writeFileSync(file, JSON.stringify(req))
  const runs = [0, 1, 2].map(() => timedNpm(['run', '--silent', 'panel', '--', 'select'], readFileSync(file), PANEL_CLI))
  const cli = JSON.parse(runs[0].stdout)
  return {
    pool: N,
    seats: 25,
    quotaAttributes: 6,
    roleSeats: 5,
    rotation: !!opts.rotation,
    selectMs: Math.round(ms),
    cliWallMs: Math.round(median(runs.map(r => r.wallMs))),
    cliCpuMs: Math.round(median(runs.map(r => r.cpuMs))),
    cliCpuMsWithNpm: Math.round(median(runs.map(r => r.cpuMsWithNpm))),
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
  const one = JSON.stringify({ seats: 1, seed: 'bench', topic: { category: '交通运输' }, pool: [{ id: 'a' }] })
  const cli: ReturnType<typeof timedNpm>[] = []
  const bare: ReturnType<typeof timedNpm>[] = []
  for (let i = 0; i < 5; i++) {
    cli.push(timedNpm(['run', '--silent', 'panel', '--', 'select'], one, PANEL_CLI))
    bare.push(timedNpm(['exec', '--', 'node', '-e', '0'], '', /^$|\[eval\]/))
  }
  return {
    oneMemberCliWallMs: Math.round(median(cli.map(r => r.wallMs))),
    oneMemberCliCpuMs: Math.round(median(cli.map(r => r.cpuMs))),
    bareNodeViaNpmWallMs: Math.round(median(bare.map(r => r.wallMs))),
    bareNodeCpuMs: Math.round(median(bare.map(r => r.cpuMs))),
  }
}

const loadAverage = loadavg().map(x => +x.toFixed(2))
const results = []
for (const N of [1000, 10000]) results.push(await measure(N))
results.push(await measure(10000, { rotation: true }))
const start = startup()
const out = {
  benchmark: 'panel',
  targets: { cliWallMsAt10000: 1500, oneMemberCliWallMs: 300, fairnessRatio: 0.95 },
  loadAverage,
  startup: start,
  results,
  pass:
    results.every(r => r.fairnessRatio >= 0.95 && r.constraintViolations.length === 0) &&
    results.filter(r => r.pool === 10000).every(r => r.cliWallMs < 1500) &&
    start.oneMemberCliWallMs < 300,
}
console.log(JSON.stringify(out, null, 2))
