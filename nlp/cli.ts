/**
 * Command line for the hot-topic engine (the contract used to measure quality):
 *   npm run --silent nlp -- classify [--taxonomy <file>] [--train <file>]
 *   npm run --silent nlp -- topics [--taxonomy <file>] [--window-days <n>] [--gap-days <n>]
 *   npm run --silent nlp -- answers --corpus <answered.jsonl> [--k 5]
 * Reads JSON Lines on stdin and writes JSON Lines on stdout; malformed lines are
 * reported on stderr with their line numbers, skipped, and make the exit status 1.
 */
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { createAnswerIndex, type AnsweredMessage } from './answers'
import { createClassifier, type LabelledExample } from './classify'
import { createTopicEngine, type ComplaintInput } from './cluster'
import { defaultTaxonomy, loadTaxonomyFile, type Taxonomy } from './taxonomy'

type Row = Record<string, unknown>
const USAGE = `usage:
  nlp classify [--taxonomy <file>] [--train <file>]   < complaints.jsonl
  nlp topics [--taxonomy <file>] [--window-days <n>] [--gap-days <n>]  < complaints.jsonl
  nlp answers --corpus <answered.jsonl> [--k 5]        < questions.jsonl`

const HELP = `${USAGE}

Each command reads JSON Lines on standard input and writes JSON Lines on standard output.
  classify  in:  {"id", "text", "subject"?}
            out: one line per message, in order: {"id", "category", "path", "keywords", "score"}
            --taxonomy: a keyword taxonomy file instead of the built-in one
            --train:    labelled messages {"text", "label", "subject"?} to learn from as well
  topics    in:  {"id", "text", "time", "subject"?, "community"?, "likes"?, "user"?, "channel"?} (ISO times)
            out: one line per suggested topic, hottest first:
                 {"rank", "title", "category", "place", "keywords", "complaintIds", "heat", "from", "to"}
            --window-days <n>: a topic gathers messages within n days of its first (default: no limit)
            --gap-days <n>:    a quiet spell of n days ends an issue (default 90)
  answers   in:  {"id", "question"}
            out: one line per question, in order: {"id", "answers": [{"id", "score"}]}, best first,
                 at most --k (default 5); an empty list when nothing answers well enough
            --corpus: JSON Lines of answered messages {"id", "subject", "text", "reply"}

Exit status: 0 all lines read, 1 some malformed lines were skipped (named on stderr), 2 unusable arguments or files.`

let malformed = 0
function report(where: string, line: number, why: string) {
  malformed++
  process.stderr.write(`${where}line ${line}: ${why}, skipped\n`)
}

function parseArgs(argv: string[]) {
  const [command, ...rest] = argv
  const flags: Record<string, string> = {}
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]
    if (!a.startsWith('--')) throw new Error(`unexpected argument: ${a}`)
    const eq = a.indexOf('=')
    if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1)
    else {
      const v = rest[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      flags[a.slice(2)] = v
    }
  }
  return { command, flags }
}

/** Parses one JSON Lines row; returns undefined (after reporting) when it is not a JSON object. */
function parseRow(line: string, n: number, where = ''): Row | undefined {
  let v: unknown
  try {
    // Files saved by Windows tools start with a byte-order mark; it is not part of the data.
    v = JSON.parse(n === 1 ? line.replace(/^\uFEFF/, '') : line)
  } catch (e) {
    report(where, n, `invalid JSON (${(e as Error).message})`)
    return undefined
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    report(where, n, 'not a JSON object')
    return undefined
  }
  return v as Row
}

const isId = (v: unknown) => (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v))
const textOf = (r: Row) => (typeof r.text === 'string' ? r.text : typeof r.detail === 'string' ? r.detail : undefined)

/** Checks the fields every input row needs; returns the reason it is malformed, if any. */
function checkComplaint(r: Row): string | undefined {
  if (!isId(r.id)) return 'missing or invalid "id"'
  if (textOf(r) === undefined) return 'missing "text" (a string)'
  if (r.subject !== undefined && r.subject !== null && typeof r.subject !== 'string') return '"subject" must be a string'
}

async function* lines(input: NodeJS.ReadableStream) {
  const rl = createInterface({ input, crlfDelay: Infinity })
  let n = 0
  for await (const line of rl) {
    n++
    if (line.trim()) yield { line, n }
  }
}

function loadTraining(file: string): LabelledExample[] {
  const out: LabelledExample[] = []
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return
      const r = parseRow(line, i + 1, `${file}: `)
      if (!r) return
      // Exported labelled sets may carry the text already segmented, as "tokens".
      const text = textOf(r) ?? (typeof r.tokens === 'string' ? r.tokens : undefined)
      if (text === undefined || typeof r.label !== 'string' || !r.label)
        return report(`${file}: `, i + 1, 'training rows need "text" (or "detail", "tokens") and "label" strings')
      out.push({ text, label: r.label, ...(typeof r.subject === 'string' ? { subject: r.subject } : {}) })
    })
  return out
}

function createWriter() {
  let buf: string[] = []
  return {
    write(obj: unknown) {
      buf.push(JSON.stringify(obj))
      if (buf.length >= 512) this.flush()
    },
    flush() {
      if (buf.length) process.stdout.write(buf.join('\n') + '\n')
      buf = []
    },
  }
}

async function classify(taxonomy: Taxonomy, flags: Record<string, string>) {
  const training = flags.train ? loadTraining(flags.train) : undefined
  const classifier = createClassifier({ taxonomy, training })
  const out = createWriter()
  for await (const { line, n } of lines(process.stdin)) {
    const r = parseRow(line, n)
    if (!r) continue
    const bad = checkComplaint(r)
    if (bad) {
      report('', n, bad)
      continue
    }
    const c = classifier.classify({ subject: (r.subject as string | undefined) ?? undefined, text: textOf(r)! })
    out.write({ id: r.id, category: c.category, path: c.path, keywords: c.keywords, score: c.score })
  }
  out.flush()
}

async function topics(taxonomy: Taxonomy, flags: Record<string, string>) {
  let windowDays: number | undefined
  if (flags['window-days'] !== undefined) {
    windowDays = Number(flags['window-days'])
    if (!Number.isFinite(windowDays) || windowDays <= 0) throw new Error('--window-days must be a positive number')
  }
  // A lull of this many days (complaint times) ends an issue; default the engine's 90.
  let gapDays: number | undefined
  if (flags['gap-days'] !== undefined) {
    gapDays = Number(flags['gap-days'])
    if (!Number.isFinite(gapDays) || gapDays <= 0) throw new Error('--gap-days must be a positive number')
  }
  const rows: { c: ComplaintInput; t: number }[] = []
  const originalId = new Map<string, unknown>()
  for await (const { line, n } of lines(process.stdin)) {
    const r = parseRow(line, n)
    if (!r) continue
    const bad = checkComplaint(r)
    const t = typeof r.time === 'string' ? Date.parse(r.time) : NaN
    if (bad || !Number.isFinite(t)) {
      report('', n, bad ?? 'missing or invalid "time"')
      continue
    }
    const id = String(r.id)
    if (originalId.has(id)) {
      // A repeated id is the same message sent twice (e.g. two exports merged), not a malformed line.
      process.stderr.write(`line ${n}: duplicate id ${id}, skipped\n`)
      continue
    }
    originalId.set(id, r.id)
    rows.push({
      t,
      c: {
        id,
        subject: typeof r.subject === 'string' ? r.subject : undefined,
        text: textOf(r)!,
        time: r.time as string,
        community: typeof r.community === 'string' ? r.community : undefined,
        likes: typeof r.likes === 'number' ? r.likes : Number(r.likes) || 0,
        user: isId(r.user) ? String(r.user) : undefined,
        channel: typeof r.channel === 'string' ? r.channel : undefined,
      },
    })
  }
  rows.sort((a, b) => a.t - b.t)
  const engine = createTopicEngine({ taxonomy, windowDays, gapDays })
  for (const { c } of rows) engine.add(c)
  const out = createWriter()
  for (const t of engine.topics())
    out.write({
      rank: t.rank,
      title: t.title,
      category: t.category,
      place: t.place,
      keywords: t.keywords,
      complaintIds: t.complaintIds.map(id => originalId.get(id) ?? id),
      heat: t.heat,
      from: t.from,
      to: t.to,
    })
  out.flush()
}

/** Answered messages {"id","subject","text","reply"} (a "detail" field is read as the text). */
function loadAnswered(file: string): { corpus: AnsweredMessage[]; originalId: Map<string, unknown> } {
  const out: AnsweredMessage[] = []
  const originalId = new Map<string, unknown>()
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return
      const r = parseRow(line, i + 1, `${file}: `)
      if (!r) return
      const text = textOf(r)
      if (!isId(r.id) || text === undefined || typeof r.reply !== 'string') return report(`${file}: `, i + 1, 'answered messages need "id", "text" and "reply"')
      out.push({ id: String(r.id), subject: typeof r.subject === 'string' ? r.subject : undefined, text, reply: r.reply })
      originalId.set(String(r.id), r.id)
    })
  return { corpus: out, originalId }
}

async function answers(flags: Record<string, string>) {
  if (!flags.corpus) throw new Error('answers needs --corpus <file>')
  const k = flags.k === undefined ? 5 : Number(flags.k)
  if (!Number.isInteger(k) || k <= 0) throw new Error('--k must be a positive integer')
  const { corpus, originalId } = loadAnswered(flags.corpus)
  const index = createAnswerIndex(corpus)
  const out = createWriter()
  for await (const { line, n } of lines(process.stdin)) {
    const r = parseRow(line, n)
    if (!r) continue
    if (!isId(r.id) || typeof r.question !== 'string') {
      report('', n, 'questions need "id" and "question" (a string)')
      continue
    }
    const hits = index.search(r.question, { k })
    out.write({ id: r.id, answers: hits.map(h => ({ id: originalId.get(h.id) ?? h.id, score: h.score })) })
  }
  out.flush()
}

async function main() {
  const argv = process.argv.slice(2)
  if (argv.some(a => a === '--help' || a === '-h') || argv[0] === 'help') {
    process.stdout.write(`${HELP}\n`)
    return
  }
  const { command, flags } = parseArgs(argv)
  const taxonomy = () => (flags.taxonomy ? loadTaxonomyFile(flags.taxonomy) : defaultTaxonomy())
  if (command === 'classify') await classify(taxonomy(), flags)
  else if (command === 'topics') await topics(taxonomy(), flags)
  else if (command === 'answers') await answers(flags)
  else throw new Error(`unknown command ${command ?? '(none)'}\n${USAGE}`)
  if (malformed) process.stderr.write(`${malformed} malformed line(s) skipped\n`)
  process.exitCode = malformed ? 1 : 0
}

main().catch(e => {
  process.stderr.write(`nlp: ${(e as Error).message}\n`)
  process.exitCode = 2
})
