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
    this.built = true
  }

  /** Calls `onHit(patternId, start, end)` for every occurrence, in order of `end`. */
  scan(text: string, onHit: (pattern: number, start: number, end: number) => void): void {
    if (!this.built) this.build()
    const next = this.next
    const fail = this.fail
    let s = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      let t = next[s].get(c)
      while (t === undefined && s !== 0) {
        s = fail[s]
        t = next[s].get(c)
      }
      s = t ?? 0
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
