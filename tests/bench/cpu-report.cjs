// Preloaded (NODE_OPTIONS=--require) into every node process a benchmark starts:
// on exit, appends the process's own CPU time to the file named by BENCH_CPU_LOG,
// so a benchmark can report CPU beside wall time (wall time alone is at the
// mercy of the machine's load).
const fs = require('node:fs')
process.on('exit', () => {
  const { user, system } = process.cpuUsage()
  const line = JSON.stringify({ script: process.argv[1] ?? '', cpuMs: (user + system) / 1000 })
  try {
    fs.appendFileSync(process.env.BENCH_CPU_LOG, line + '\n')
  } catch {}
})
