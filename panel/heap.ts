/**
 * Min-heap of (key, item, version) triples with lazy deletion: callers bump an
 * item's version when its key changes, push a fresh entry, and drop entries
 * whose version is stale when they surface. Ties break on the item index so
 * the order is deterministic.
 */
export class LazyHeap {
  private keys: number[] = []
  private items: number[] = []
  private vers: number[] = []

  get size(): number {
    return this.keys.length
  }

  push(key: number, item: number, ver: number): void {
    const { keys, items, vers } = this
    let i = keys.length
    keys.push(key)
    items.push(item)
    vers.push(ver)
    while (i > 0) {
      const p = (i - 1) >> 1
      if (keys[p] < key || (keys[p] === key && items[p] < item)) break
      keys[i] = keys[p]
      items[i] = items[p]
      vers[i] = vers[p]
      i = p
    }
    keys[i] = key
    items[i] = item
    vers[i] = ver
  }

  clear(): void {
    this.keys.length = 0
    this.items.length = 0
    this.vers.length = 0
  }

  /** Key, item and version of the top entry (undefined behaviour when empty). */
  topKey(): number {
    return this.keys[0]
  }
  topItem(): number {
    return this.items[0]
  }
  topVer(): number {
    return this.vers[0]
  }

  /** Remove the top entry into `out` = [key, item, ver]; false when empty. */
  pop(out: [number, number, number]): boolean {
    const { keys, items, vers } = this
    const n = keys.length
    if (n === 0) return false
    out[0] = keys[0]
    out[1] = items[0]
    out[2] = vers[0]
    const lk = keys.pop()!
    const li = items.pop()!
    const lv = vers.pop()!
    if (n > 1) {
      let i = 0
      const m = n - 1
      for (;;) {
        let c = 2 * i + 1
        if (c >= m) break
        if (c + 1 < m && (keys[c + 1] < keys[c] || (keys[c + 1] === keys[c] && items[c + 1] < items[c]))) c++
        if (lk < keys[c] || (lk === keys[c] && li < items[c])) break
        keys[i] = keys[c]
        items[i] = items[c]
        vers[i] = vers[c]
        i = c
      }
      keys[i] = lk
      items[i] = li
      vers[i] = lv
    }
    return true
  }
}
