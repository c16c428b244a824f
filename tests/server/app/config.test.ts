import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../../server/config'

describe('loadConfig', () => {
  it('defaults to the embedded database, port 3000, k = 10 and the demo district', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ port: 3000, databaseUrl: null, minCellSize: 10, highNeedThreshold: 67, demo: true })
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', MIN_CELL_SIZE: '3', DATABASE_URL: 'mysql://x@y/z', LOG_LEVEL: 'loud' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).problems).toEqual([
        'PORT=eighty must be a whole number from 0 to 65535',
        'MIN_CELL_SIZE=3 must be a whole number from 5 to 1000',
        'DATABASE_URL must start with postgres:// or postgresql:// (got mysql://)',
        'LOG_LEVEL=loud must be one of fatal, error, warn, info, debug, trace, silent',
      ])
    }
  })

  it('names an unparseable DATABASE_URL and how to fix it', () => {
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(
      'DATABASE_URL is not a valid URL; expected postgres://user@host:5432/database, or unset it to use the embedded database',
    )
  })

  it('skips the demo district with --no-demo or DEMO=false', () => {
    expect(loadConfig({}, ['--no-demo']).demo).toBe(false)
    expect(loadConfig({ DEMO: 'false' }).demo).toBe(false)
  })

  it('trusts no proxy by default, and the proxies TRUST_PROXY names; refuses an entry that is not an address, range or name', () => {
    expect(loadConfig({}).trustProxy).toBe(false)
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '::1'])
    try {
      loadConfig({ TRUST_PROXY: 'true,10.0.0.0/33,proxy.district.org' })
      expect.unreachable()
    } catch (error) {
      const names = 'loopback, linklocal, uniquelocal'
      expect((error as ConfigError).problems).toEqual([
        `TRUST_PROXY entry "true" is not an address, a CIDR range or one of ${names} (e.g. TRUST_PROXY=loopback)`,
        `TRUST_PROXY entry "10.0.0.0/33" is not an address, a CIDR range or one of ${names} (e.g. TRUST_PROXY=loopback)`,
        `TRUST_PROXY entry "proxy.district.org" is not an address, a CIDR range or one of ${names} (e.g. TRUST_PROXY=loopback)`,
      ])
    }
  })
})
