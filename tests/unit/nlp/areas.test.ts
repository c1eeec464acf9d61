import { describe, expect, test } from 'vitest'
import { adminAreas, areasApart } from '#nlp/areas'
import { defaultSegmenter } from '#nlp/index'

const areas = (text: string) => adminAreas(text, defaultSegmenter())
const names = (text: string) => areas(text).map(a => a.name)

describe('the areas a text names', () => {
  test('coded cities and counties, as boards that hide names write them', () => {
    expect(areas('A市高新区的路灯')).toEqual([{ name: 'A市', level: 1, city: 'A', towards: false }])
    expect(areas('a7县星沙的公交')).toEqual([{ name: 'A7县', level: 2, city: 'A', towards: false }])
    expect(names('B9市人社局和B市公积金中心')).toEqual(['B9市', 'B市'])
  })

  test('written names the tagger knows as places', () => {
    expect(names('住在杭州市西湖区的居民')).toEqual(['杭州市', '西湖区'])
  })

  test('not a part of an estate, a road, or a word for "this city"', () => {
    expect(names('涉外景园C区架空层')).toEqual([])
    expect(names('C5市路那段天天堵')).toEqual([])
    expect(names('A市路边停车、A市路灯、A市街道办')).toEqual(['A市'])
    expect(names('我市小区和城区、市区的停车')).toEqual([])
  })

  test('a place someone goes or moves to is marked as such', () => {
    expect(areas('户口想迁到F市')).toEqual([{ name: 'F市', level: 1, city: 'F', towards: true }])
    expect(areas('F市的户口迁到F市').map(a => a.towards)).toEqual([false])
  })
})

describe('areas lying apart', () => {
  test('two cities, or two counties, are apart; a city and its own county are not', () => {
    expect(areasApart(areas('A市'), areas('B9市'))).toBe(true)
    expect(areasApart(areas('A7县'), areas('A5区'))).toBe(true)
    expect(areasApart(areas('A市'), areas('A7县'))).toBe(false)
    expect(areasApart(areas('A7县'), areas('A7县'))).toBe(false)
  })

  test('written names: the same level and not the same is apart; a city and a county, unknown, are not', () => {
    expect(areasApart(areas('杭州市'), areas('宁波市'))).toBe(true)
    expect(areasApart(areas('杭州市'), areas('西湖区'))).toBe(false)
  })

  test('a text naming no area, or naming the asked one among others, is not apart', () => {
    expect(areasApart(areas('A市'), [])).toBe(false)
    expect(areasApart([], areas('A市'))).toBe(false)
    expect(areasApart(areas('C市'), areas('F7县的学生想去C市读书'))).toBe(false)
  })
})
