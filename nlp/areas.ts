import type { Segmenter } from './tokenize'

/**
 * An administrative area a text names: a province, a city or a county-level
 * area (县, 区, or a city under another). Boards that publish letters often
 * replace the names by codes, a letter for the city and digits for its
 * counties (A市, A7县, B9市); with a code, which city a county lies in is known.
 */
export interface Area {
  name: string
  /** 0 province, 1 city, 2 county-level. */
  level: 0 | 1 | 2
  /** The city a coded area lies in (its letter); undefined for a written name. */
  city?: string
  /** Named as where someone goes or moves to. */
  towards?: boolean
}

// A city is a letter and 市 (A市), a county-level area a letter, digits and 市, 县 or 区 (A7县, B9市); a letter and 区
// alone is a part of an estate (C区), a code before 路, 大道 or 街 a road (C5市路; not A市路边, A市路灯, A市街道).
const AREA_CODE = /(?<![a-z0-9])([a-z])(\d{1,2}(?=[市县区])|(?=市))([市县区])(?!路(?![边灯面口况网政上])|大道|大街|街(?![道头])|巷)/gi
// Where someone goes or moves to (迁到F市, 回F6县, 通A9市).
const TOWARDS = /[到回去往通至]/
const AREA_NAME = /^\p{Script=Han}{2,6}[省市县区]$/u
// Words the tagger may read as a place that name no particular area.
const NO_AREA = /^(本|全|我|该|此|各|外|两|某|周边|附近|城|市|县|新|老城|郊|小|社|园|景|校|片|辖|开发|高新|经开|保税|市区|城区)/u

/** The areas `text` names, each once. */
export function adminAreas(text: string, segmenter: Segmenter): Area[] {
  const found = new Map<string, Area>()
  for (const m of text.matchAll(AREA_CODE)) {
    const [name, letter, digits, suffix] = m
    const towards = TOWARDS.test(text[m.index - 1] ?? '')
    const known = found.get(name.toUpperCase())
    found.set(name.toUpperCase(), {
      name: name.toUpperCase(),
      level: !digits && suffix === '市' ? 1 : 2,
      city: letter.toUpperCase(),
      towards: towards && (known?.towards ?? true),
    })
  }
  const plain = text.replace(AREA_CODE, '，')
  if (/\p{Script=Han}[省市县区]/u.test(plain))
    for (const { word, tag } of segmenter.tag(plain))
      if (tag === 'ns' && AREA_NAME.test(word) && !NO_AREA.test(word))
        found.set(word, { name: word, level: word.endsWith('省') ? 0 : word.endsWith('市') ? 1 : 2 })
  return [...found.values()]
}

/**
 * Whether two lists of areas name different places: each area of the one is
 * known to lie apart from each area of the other. Two areas lie apart when
 * they are of the same level and not the same, or coded in different cities;
 * a city and a county of the same code letter overlap, and of a written city
 * and county it is not known, so they are not taken to lie apart.
 */
export function areasApart(a: Area[], b: Area[]): boolean {
  if (!a.length || !b.length) return false
  return a.every(x => b.every(y => apart(x, y)))
}

function apart(x: Area, y: Area): boolean {
  if (x.name === y.name) return false
  if (x.city && y.city) return x.city !== y.city || x.level === y.level
  return x.level === y.level
}
