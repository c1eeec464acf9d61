// The board letters the NLP benchmarks scale up: the real files in ../shared/data
// when they are there (read by path, never copied), else our synthetic fixture.
import { existsSync, readFileSync } from 'node:fs'

export interface Msg {
  id: string
  subject: string
  text: string
  time: string
  user?: string
}

export function readJsonl(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(l => l.trim())
    .map(l => JSON.parse(l))
}

const FIXTURE = 'tests/fixtures/nlp/complaints.jsonl'

/** The rows to benchmark on and where they came from. */
export function readBoardRows(dataDir: string): { source: string; rows: Record<string, unknown>[] } {
  const files = ['messages_with_replies.jsonl', 'messages_unlabeled.jsonl'].map(f => dataDir + f)
  if (files.every(existsSync)) return { source: dataDir, rows: files.flatMap(readJsonl) }
  return { source: FIXTURE, rows: readJsonl(new URL('../fixtures/nlp/complaints.jsonl', import.meta.url).pathname) }
}

export function toMsg(r: Record<string, unknown>, id: string): Msg {
  return { id, subject: String(r.subject ?? ''), text: String(r.detail ?? r.text ?? ''), time: String(r.time), user: r.user as string | undefined }
}
