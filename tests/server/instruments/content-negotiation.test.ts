import { describe, expect, it } from 'vitest'
import { entityTag, noneMatchHits, pickEncoding } from '../../../server/instruments/content-negotiation'

describe('pickEncoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['GZIP;Q=0.5', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['deflate', 'identity'],
    ['identity', 'identity'],
    ['*', 'br'],
    ['*;q=0', 'identity'],
    ['br;q=0, *', 'gzip'],
    ['gzip;q=0.001, br;q=0.0005', 'br'],
    ['br;q=nonsense, gzip', 'gzip'],
  ] as const)('answers %j with %s', (header, expected) => {
    expect(pickEncoding(header)).toBe(expected)
  })
})

describe('entityTag', () => {
  it('is the quoted content hash for the JSON itself and names the coding for a compressed body', () => {
    expect(entityTag('ab12', 'identity')).toBe('"ab12"')
    expect(entityTag('ab12', 'br')).toBe('"ab12-br"')
    expect(entityTag('ab12', 'gzip')).toBe('"ab12-gzip"')
  })
})

describe('noneMatchHits', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['"ab12"', true],
    ['W/"ab12"', true],
    ['"zz", "ab12"', true],
    ['"zz",W/"ab12" , "yy"', true],
    ['*', true],
    ['"ab12-br"', false],
    ['"ab1"', false],
    ['ab12', false],
    ['"a,b", "zz"', false],
  ] as const)('for If-None-Match %j is %s', (header, expected) => {
    expect(noneMatchHits(header, '"ab12"')).toBe(expected)
  })
})
