/** One occurrence of a pattern: `[start, end)` in UTF-16 code units. */
export interface AcHit {
  pattern: number
  start: number
  end: number
}

/**
 * An Aho–Corasick automaton over UTF-16 code units: one left-to-right pass over
 * the text finds every occurrence of every pattern (overlapping ones included)
 * in time linear in text length plus number of hits.
 */
export class AhoCorasick {
  // Trie stored as parallel arrays: a Map per state for transitions keeps memory
  // proportional to the patterns rather than to the alphabet (CJK is large).
  private next: Map<number, number>[] = [new Map()]
  private fail: number[] = [0]
  /** Pattern ids that end exactly at this state. */
  private out: number[][] = [[]]
  /** Nearest state on the fail chain that has outputs (-1 if none). */
  private outLink: number[] = [-1]
  private lengths: number[] = []
  private built = false
  // Compiled at the first search: the root's transitions as a table over all UTF-16
  // code units (most characters of a text start no pattern), the others in one
  // open-addressing table keyed by (state, code unit) — a Map lookup per character
  // was most of a scan.
  private root = new Int32Array(0)
  private edgeState = new Int32Array(0)
  private edgeChar = new Uint16Array(0)
  private edgeNext = new Int32Array(0)
  private edgeMask = 0

  constructor(patterns: Iterable<string> = []) {
    for (const p of patterns) this.add(p)
  }

  /** Adds a pattern and returns its id (its insertion index). Empty patterns never match. */
  add(pattern: string): number {
    if (this.built) throw new Error('AhoCorasick: cannot add patterns after the first search')
    const id = this.lengths.length
    this.lengths.push(pattern.length)
    if (!pattern) return id
    let s = 0
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i)
      let t = this.next[s].get(c)
      if (t === undefined) {
        t = this.next.length
        this.next.push(new Map())
        this.fail.push(0)
        this.out.push([])
        this.outLink.push(-1)
        this.next[s].set(c, t)
      }
      s = t
    }
    this.out[s].push(id)
    return id
  }

  get size(): number {
    return this.lengths.length
  }

  private build(): void {
    // Breadth-first so that every fail target is final before it is used.
    const queue: number[] = []
    for (const t of this.next[0].values()) {
      this.fail[t] = 0
      queue.push(t)
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]
      for (const [c, t] of this.next[s]) {
        let f = this.fail[s]
        while (f !== 0 && !this.next[f].has(c)) f = this.fail[f]
        const g = this.next[f].get(c)
        this.fail[t] = g !== undefined && g !== t ? g : 0
        const ft = this.fail[t]
        this.outLink[t] = this.out[ft].length ? ft : this.outLink[ft]
        queue.push(t)
      }
    }
    this.compile()
    this.built = true
  }

  private compile(): void {
    this.root = new Int32Array(0x10000).fill(-1)
    for (const [c, t] of this.next[0]) this.root[c] = t
    let edges = 0
    for (let s = 1; s < this.next.length; s++) edges += this.next[s].size
    let size = 16
    while (size < edges * 2) size *= 2
    this.edgeState = new Int32Array(size).fill(-1)
    this.edgeChar = new Uint16Array(size)
    this.edgeNext = new Int32Array(size)
    this.edgeMask = size - 1
    for (let s = 1; s < this.next.length; s++)
      for (const [c, t] of this.next[s]) {
        let slot = edgeSlot(s, c) & this.edgeMask
        while (this.edgeState[slot] !== -1) slot = (slot + 1) & this.edgeMask
        this.edgeState[slot] = s
        this.edgeChar[slot] = c
        this.edgeNext[slot] = t
      }
  }

  /** The state reached from `s` on code unit `c`, or -1. */
  private step(s: number, c: number): number {
    if (s === 0) return this.root[c]
    const { edgeState, edgeChar, edgeMask } = this
    for (let slot = edgeSlot(s, c) & edgeMask; edgeState[slot] !== -1; slot = (slot + 1) & edgeMask)
      if (edgeState[slot] === s && edgeChar[slot] === c) return this.edgeNext[slot]
    return -1
  }

  /** Calls `onHit(patternId, start, end)` for every occurrence, in order of `end`. */
  scan(text: string, onHit: (pattern: number, start: number, end: number) => void): void {
    if (!this.built) this.build()
    const fail = this.fail
    let s = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      let t = this.step(s, c)
      while (t === -1 && s !== 0) {
        s = fail[s]
        t = this.step(s, c)
      }
      s = t === -1 ? 0 : t
      for (let o = this.out[s].length ? s : this.outLink[s]; o !== -1; o = this.outLink[o])
        for (const p of this.out[o]) onHit(p, i + 1 - this.lengths[p], i + 1)
    }
  }

  /** Every occurrence of every pattern. */
  search(text: string): AcHit[] {
    const hits: AcHit[] = []
    this.scan(text, (pattern, start, end) => hits.push({ pattern, start, end }))
    return hits
  }
}

const edgeSlot = (s: number, c: number) => Math.imul(s, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b)
