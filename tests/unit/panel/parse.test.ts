import { describe, expect, it } from 'vitest'
import { ValidationError, parseRequest } from '../../../panel/index'
import { panelRequestSchema } from '../../../panel/types'

const base = {
  seats: 2,
  seed: 's',
  topic: { category: '交通运输' },
  quotas: { gender: { 女: [1, 1] } },
}

/** Members in every shape the schema accepts: defaults, nulls, numbers, extra keys, both date forms. */
const acceptedMembers: unknown[] = [
  { id: 'a' },
  { id: 7, community: null, roles: ['police'], interests: [], expertise: ['交通规划'] },
  { id: 'b', community: '大关社区', attributes: { gender: '女', age: 40, renter: true, note: null } },
  { id: 'c', timesServed: 3, lastServedAt: '2024-05-01' },
  { id: 'd', lastServedAt: '2024-05-01T08:00:00+08:00', name: '王' },
  { id: 'e', lastServedAt: null, extra: 'dropped', attributes: {} },
  { id: 'f', community: undefined, lastServedAt: undefined },
]

describe('parseRequest', () => {
  it('returns exactly what the schema returns for well-formed pools', () => {
    const raw = { ...base, pool: acceptedMembers }
    const parsed = parseRequest(raw)
    expect(parsed).toStrictEqual(panelRequestSchema.parse(raw))
    expect(Object.keys(parsed.pool[5])).toEqual(Object.keys(panelRequestSchema.parse(raw).pool[5]))
    expect(parsed.pool[1]).not.toHaveProperty('lastServedAt')
    expect(parsed.pool[6]).toHaveProperty('community', undefined)
  })

  it('does not share arrays or objects with the caller', () => {
    const member = { id: 'a', roles: ['police'], attributes: { gender: '女' } }
    const parsed = parseRequest({ ...base, pool: [member] })
    parsed.pool[0].roles.push('school')
    parsed.pool[0].attributes.gender = '男'
    expect(member).toEqual({ id: 'a', roles: ['police'], attributes: { gender: '女' } })
  })

  it.each([
    ['empty id', { id: '' }, 'pool.1.id'],
    ['missing id', { community: 'x' }, 'pool.1.id'],
    ['role not a string', { id: 'x', roles: [1] }, 'pool.1.roles.0'],
    ['attribute value an object', { id: 'x', attributes: { age: { y: 1 } } }, 'pool.1.attributes.age'],
    ['attributes an array', { id: 'x', attributes: ['a'] }, 'pool.1.attributes'],
    ['negative timesServed', { id: 'x', timesServed: -1 }, 'pool.1.timesServed'],
    ['fractional timesServed', { id: 'x', timesServed: 1.5 }, 'pool.1.timesServed'],
    ['malformed date', { id: 'x', lastServedAt: '2024-13-45' }, 'pool.1.lastServedAt'],
    ['name a number', { id: 'x', name: 3 }, 'pool.1.name'],
  ])('reports a member with %s under its field, as the schema does', (_, member, field) => {
    const raw = { ...base, pool: [{ id: 'ok' }, member] }
    const schema = panelRequestSchema.safeParse(raw)
    expect(schema.success).toBe(false)
    let err: unknown
    try {
      parseRequest(raw)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ValidationError)
    const issues = (err as ValidationError).issues
    expect(issues.some(i => i.startsWith(`${field}:`))).toBe(true)
    expect(issues).toEqual(schema.error!.issues.map(i => `${i.path.join('.')}: ${i.message}`))
  })

  it('reports request-level errors of a request with a well-formed pool', () => {
    expect(() => parseRequest({ ...base, seats: 0, pool: [{ id: 'a' }] })).toThrow(/seats/)
  })

  it('still names duplicate ids', () => {
    expect(() => parseRequest({ ...base, pool: [{ id: 'a' }, { id: 'a' }] })).toThrow(/pool\.1\.id: duplicate id a/)
  })
})
