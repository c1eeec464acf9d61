import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Jieba } from '@node-rs/jieba'
import { normalize } from './normalize'

let jiebaDict: Buffer | undefined
/**
 * Jieba's default dictionary, read on first use: the package's own `dict` module reads it
 * and its 6 MB IDF table, which nothing here uses, as soon as it is imported.
 */
export const defaultDictionary = () => (jiebaDict ??= readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt')))

/** A word segmenter bound to one Jieba instance. */
export interface Segmenter {
  /** Segments text (normalise it first) into words, punctuation included. */
  cut(text: string): string[]
  /** Segments and keeps only content words: CJK or alphanumeric, not stop words. */
  words(text: string): string[]
  /** Segments with part-of-speech tags; a word the dictionary does not know is tagged `x` (a name, a typo, a new coinage). */
  tag(text: string): { word: string; tag: string }[]
}

// A short list of function words that never help classification or titles.
const STOP_WORDS = new Set(
  (
    '的 了 在 是 我 我们 你 你们 他 她 他们 它 这 那 这个 那个 有 和 与 及 或 就 都 也 还 又 被 把 给 让 对 向 从 到 于 为 因为 所以 ' +
    '但是 但 而 并 且 如果 虽然 已经 一直 没有 不 没 很 非常 什么 怎么 如何 哪 谁 能 会 要 可以 应该 希望 请 请问 ' +
    '一个 一些 个 些 等 等等 中 上 下 里 之 其 该 此 本 每 各 啊 吗 呢 吧 呀 哦 着 过 么 年 月 日 号 时 现在 目前 相关 部门 领导 问题 情况'
  ).split(' '),
)

const CONTENT = /[\p{Script=Han}a-z0-9]/u

/**
 * Creates a segmenter with the default Jieba dictionary plus the given user
 * words (taxonomy keywords, gazetteer names) so they are never split.
 * Each segmenter owns one Jieba instance: create it once and reuse it.
 */
export function createSegmenter(opts: { userWords?: Iterable<string> } = {}): Segmenter {
  const jieba = Jieba.withDict(defaultDictionary())
  const lines: string[] = []
  for (const w of opts.userWords ?? []) {
    const n = normalize(w)
    // Jieba's dictionary format is "word freq [tag]"; words with spaces cannot be expressed.
    if (n && !/\s/.test(n)) lines.push(`${n} 20000`)
  }
  if (lines.length) jieba.loadDict(Buffer.from(lines.join('\n') + '\n', 'utf8'))
  return {
    cut: text => (text ? jieba.cut(text, true) : []),
    words: text => {
      if (!text) return []
      return jieba.cut(text, true).filter(w => w.length > 0 && CONTENT.test(w) && !STOP_WORDS.has(w))
    },
    tag: text => (text ? jieba.tag(text, true) : []),
  }
}

let shared: Segmenter | undefined

/** The shared segmenter without user words (created lazily). */
export function defaultSegmenter(): Segmenter {
  shared ??= createSegmenter()
  return shared
}

/** True when the word is in the built-in stop list. */
export function isStopWord(w: string): boolean {
  return STOP_WORDS.has(w)
}
