import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { groupCommit } from '../../../server/intake/group-commit'

/** A write the test lets finish when it wants; records every batch it was given. */
function heldWrites<T>() {
  const batches: T[][] = []
  const pending: { resolve: () => void }[] = []
  const write = async (items: T[]) => {
    batches.push(items)
    await new Promise<void>((resolve) => pending.push({ resolve }))
    return items.map((item) => `stored ${String(item)}`)
  }
  const releaseNext = async () => {
    pending.shift()!.resolve()
    // Let the settled write hand out its results and start the next one.
    for (let i = 0; i < 5; i++) await Promise.resolve()
  }
  return { batches, pending, write, releaseNext }
}

describe('groupCommit', () => {
  it('writes the first item at once and the items that arrive meanwhile together, each caller getting its own result', async () => {
    const w = heldWrites<string>()
    const writes = groupCommit(w.write, { maxBatch: 64, maxInFlight: 1 })
    const results = ['a', 'b', 'c', 'd'].map((x) => writes.write(x))
    expect(w.batches).toEqual([['a']])
    await w.releaseNext()
    expect(w.batches).toEqual([['a'], ['b', 'c', 'd']])
    await w.releaseNext()
    expect(await Promise.all(results)).toEqual(['stored a', 'stored b', 'stored c', 'stored d'])
  })

  it('puts at most maxBatch items in one write and keeps at most maxInFlight writes under way', async () => {
    const w = heldWrites<number>()
    const writes = groupCommit(w.write, { maxBatch: 3, maxInFlight: 2 })
    const results = Array.from({ length: 9 }, (_, i) => writes.write(i))
    expect(w.batches).toEqual([[0], [1]])
    await w.releaseNext()
    expect(w.batches).toEqual([[0], [1], [2, 3, 4]])
    await w.releaseNext()
    expect(w.batches).toEqual([[0], [1], [2, 3, 4], [5, 6, 7]])
    while (w.pending.length > 0) await w.releaseNext()
    expect(w.batches.at(-1)).toEqual([8])
    expect(await Promise.all(results)).toEqual(Array.from({ length: 9 }, (_, i) => `stored ${i}`))
  })

  it('tries a failed batch again one item at a time, so only the item the database refuses fails', async () => {
    const batches: string[][] = []
    const writes = groupCommit(
      async (items: string[]) => {
        batches.push(items)
        if (items.includes('bad')) throw new Error('refused')
        return items.map((x) => x.toUpperCase())
      },
      { maxBatch: 64, maxInFlight: 1 },
    )
    const first = writes.write('first')
    const rest = ['ok', 'bad', 'fine'].map((x) => writes.write(x).then((r) => r, (e: Error) => `failed: ${e.message}`))
    expect(await first).toBe('FIRST')
    expect(await Promise.all(rest)).toEqual(['OK', 'failed: refused', 'FINE'])
    expect(batches).toEqual([['first'], ['ok', 'bad', 'fine'], ['ok'], ['bad'], ['fine']])
  })

  it('settles once nothing waits or is being written', async () => {
    const w = heldWrites<string>()
    const writes = groupCommit(w.write, { maxBatch: 64, maxInFlight: 1 })
    await writes.settled()
    void writes.write('a')
    void writes.write('b')
    let settled = false
    void writes.settled().then(() => (settled = true))
    await w.releaseNext()
    expect(settled).toBe(false)
    await w.releaseNext()
    expect(settled).toBe(true)
  })

  it('gives every caller exactly its own result, in any order of arrivals and batch limits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 3 }), async (delays, maxBatch, maxInFlight) => {
        let inFlight = 0
        let most = 0
        const writes = groupCommit(
          async (items: number[]) => {
            expect(items.length).toBeLessThanOrEqual(maxBatch)
            most = Math.max(most, ++inFlight)
            await new Promise((resolve) => setTimeout(resolve, items.length % 2))
            inFlight -= 1
            return items.map((i) => i * 10)
          },
          { maxBatch, maxInFlight },
        )
        const results = await Promise.all(delays.map(async (delay, i) => {
          await new Promise((resolve) => setTimeout(resolve, delay))
          return writes.write(i)
        }))
        expect(results).toEqual(delays.map((_, i) => i * 10))
        expect(most).toBeLessThanOrEqual(maxInFlight)
      }),
      { numRuns: 60 },
    )
  })
})
