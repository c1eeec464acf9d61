// Plain-language text for the selector's constraint names (driver-free: used by
// the draw page and the tests). Names look like "seats=12", "roleSeats police>=2",
// "quota gender=女 min 7" (see panel/model.ts cname).
import type { MessageKey, TFunction } from '#app/i18n/index'
import type { MemberReason } from '#panel/index'

export type PoolCounts = { size: number; roles: Record<string, number>; attrs: Record<string, Record<string, number>> }

function attrName(t: TFunction, attr: string) {
  if (attr === '@affected') return t('panel.attr.affected')
  const key = `pool.attr.${attr}` as MessageKey
  return t(key) === key ? attr : t(key)
}

function valueName(t: TFunction, attr: string, value: string) {
  if (attr === '@affected') return value === 'yes' ? t('common.yes') : t('common.no')
  const key = `pool.value.${attr}.${value}` as MessageKey
  return t(key) === key ? value : t(key)
}

export function roleName(t: TFunction, role: string) {
  const key = `pool.role.${role}` as MessageKey
  return t(key) === key ? role : t(key)
}

/** One conflicting constraint in the reader's language, with how many pool members could fill it. */
export function conflictText(t: TFunction, name: string, counts: PoolCounts): string {
  let m = name.match(/^seats=(\d+)$/)
  if (m) return t('panel.conflict.seats', { n: m[1], have: counts.size })
  m = name.match(/^roleSeats (\S+)>=(\d+)$/)
  if (m) return t('panel.conflict.role', { n: m[2], role: roleName(t, m[1]), have: counts.roles[m[1]] ?? 0 })
  m = name.match(/^quota (\S+)=(.+) (min|max) (\d+)$/)
  if (m) {
    const [, attr, value, kind, n] = m
    return t(kind === 'min' ? 'panel.conflict.min' : 'panel.conflict.max', {
      attr: attrName(t, attr),
      value: valueName(t, attr, value),
      n,
      have: counts.attrs[attr]?.[value] ?? 0,
    })
  }
  return name
}

/** Label of a seat code from the selector. */
export function seatLabel(t: TFunction, seat: string) {
  if (seat === 'general') return t('panel.seat.general')
  if (seat === 'affected_resident') return t('panel.seat.affected')
  if (seat === 'alternate') return t('panel.seat.alternate')
  return t('panel.seat.role', { role: roleName(t, seat) })
}

/** The selection method in plain words (the stored code is for the verifier). */
export function algorithmLabel(t: TFunction, algorithm: string) {
  const key = `panel.algorithmName.${algorithm.replace(/[^a-z]+/gi, '_')}` as MessageKey
  return t(key) === key ? t('panel.algorithmName.other') : t(key)
}

/** English (or Chinese) names for the Chinese community and category names the selector knew members by. */
export type ReasonNames = { unit: (nameZh: string) => string; category: (nameZh: string) => string }

function reasonText(t: TFunction, r: MemberReason, names: ReasonNames): string {
  const list = (items: string[]) => items.join(t('common.listSep'))
  switch (r.kind) {
    case 'seat':
      return r.seat === 'general' ? t('panel.reason.general') : seatLabel(t, r.seat)
    case 'lives':
      return t(r.nearPlace ? 'panel.reason.livesNear' : 'panel.reason.lives', { community: names.unit(r.community) })
    case 'interests':
      return t('panel.reason.interests', { items: list(r.items.map(names.category)) })
    case 'expertise':
      // The member's own words, as they gave them.
      return t('panel.reason.expertise', { items: list(r.items) })
    case 'roles':
      return t('panel.reason.roles', { roles: list(r.roles.map(role => roleName(t, role))) })
  }
}

/** Why a panel member was selected, in the reader's language; reasons saved as text are shown as they are. */
export function reasonsText(t: TFunction, reasons: readonly (MemberReason | string)[], names: ReasonNames): string {
  return reasons.map(r => (typeof r === 'string' ? r : reasonText(t, r, names))).join(t('panel.reason.separator'))
}
