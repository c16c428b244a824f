import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn } from 'echarts'
import type { EChartsCoreOption } from 'echarts/core'
import { WITHHELD_FILL } from '../charts/echarts'

/**
 * ECharts options for the profile's charts, drawn with custom series so that a withheld figure has no value in the
 * chart at all: its data item carries only its row and the reason, and is drawn as a hatched band. Bars, interval
 * whiskers and hatches come from one renderer, so they line up without depending on ECharts' bar layout.
 */

/** A shown figure, a withheld one (with the reason people read), or nothing to show (no such item for this group). */
export type Cell = { value: number; interval?: [number, number] | null; n?: number } | { withheld: string } | null

export interface BarGroup {
  name: string
  color: string
  cells: Cell[]
}

export interface GroupedBarsText {
  /** Printed on a hatched band. */
  withheld: string
  /** Formats a shown value for labels and tooltips. */
  format: (value: number) => string
  /** The tooltip line of a shown cell. */
  describe: (cell: Exclude<Cell, null | { withheld: string }>) => string
}

const ROW_FILL = 0.72
const BAR_GAP = 0.15
const TEXT = '#1b1f24'

let hatch: HTMLCanvasElement | null = null
/** A grey diagonal hatch, the same look as withheld table cells. */
function hatchPattern(): { image: HTMLCanvasElement; repeat: 'repeat' } {
  if (!hatch) {
    hatch = document.createElement('canvas')
    hatch.width = hatch.height = 8
    const g = hatch.getContext('2d')!
    g.fillStyle = WITHHELD_FILL
    g.fillRect(0, 0, 8, 8)
    g.strokeStyle = '#b9bfc7'
    g.lineWidth = 2
    g.beginPath()
    g.moveTo(0, 8)
    g.lineTo(8, 0)
    g.moveTo(-2, 2)
    g.lineTo(2, -2)
    g.moveTo(6, 10)
    g.lineTo(10, 6)
    g.stroke()
  }
  return { image: hatch, repeat: 'repeat' }
}

/** Escapes text for ECharts' HTML tooltips (domain labels and item wording come from authors). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

interface ShownDatum {
  value: [number, number, number, number]
  cell: Exclude<Cell, null | { withheld: string }>
}
interface WithheldDatum {
  value: [number]
  message: string
}

/**
 * Horizontal bars, one row per category and one bar per group within it, each with its 95% interval as a whisker
 * when there is one. Rows read top to bottom in category order.
 */
export function groupedBarsOption({
  categories,
  groups,
  min,
  max,
  text,
  axisName,
}: {
  categories: string[]
  groups: BarGroup[]
  min: number
  max: number
  text: GroupedBarsText
  axisName?: string
}): EChartsCoreOption {
  const slot = (api: CustomSeriesRenderItemAPI, row: number, group: number) => {
    const band = (api.size!([0, 1]) as number[])[1]
    const total = band * ROW_FILL
    const width = total / (groups.length + (groups.length - 1) * BAR_GAP)
    const top = api.coord([min, row])[1] - total / 2 + group * width * (1 + BAR_GAP)
    return { top, width }
  }
  const xAt = (api: CustomSeriesRenderItemAPI, value: number) => api.coord([value, 0])[0]

  const series = groups.map((group, g) => ({
    type: 'custom',
    name: group.name,
    itemStyle: { color: group.color },
    encode: { y: 0 },
    data: group.cells.flatMap((cell, row): (ShownDatum | WithheldDatum)[] => {
      if (cell === null) return []
      if ('withheld' in cell) return [{ value: [row], message: cell.withheld }]
      return [{ value: [row, cell.value, cell.interval?.[0] ?? NaN, cell.interval?.[1] ?? NaN], cell }]
    }),
    renderItem: (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
      const datum = series[g].data[params.dataIndex]
      const { top, width } = slot(api, datum.value[0], g)
      const left = xAt(api, Math.max(min, 0))
      if ('message' in datum) {
        const right = xAt(api, max)
        const start = xAt(api, min)
        return {
          type: 'group',
          children: [
            { type: 'rect', shape: { x: start, y: top, width: right - start, height: width }, style: { fill: hatchPattern() as never } },
            {
              type: 'text',
              style: { x: start + 4, y: top + width / 2, text: text.withheld, fill: '#4a5360', fontSize: Math.min(11, Math.max(8, width - 2)), verticalAlign: 'middle' },
            },
          ],
        }
      }
      const [, value, low, high] = datum.value
      const end = xAt(api, value)
      const middle = top + width / 2
      const children: NonNullable<CustomSeriesRenderItemReturn>[] = [
        { type: 'rect', shape: { x: Math.min(left, end), y: top, width: Math.abs(end - left), height: width }, style: { fill: group.color } },
      ]
      if (Number.isFinite(low) && Number.isFinite(high)) {
        const a = xAt(api, low)
        const b = xAt(api, high)
        const cap = Math.min(width / 2, 5)
        for (const [x1, y1, x2, y2] of [
          [a, middle, b, middle],
          [a, middle - cap, a, middle + cap],
          [b, middle - cap, b, middle + cap],
        ]) {
          children.push({ type: 'line', shape: { x1, y1, x2, y2 }, style: { stroke: TEXT, lineWidth: 1.25 } })
        }
      }
      const labelAt = Number.isFinite(high) ? Math.max(end, xAt(api, high)) : end
      const after = value >= Math.max(min, 0)
      children.push({
        type: 'text',
        style: {
          x: after ? labelAt + 4 : Math.min(labelAt, xAt(api, low)) - 4,
          y: middle,
          text: text.format(value),
          fill: TEXT,
          fontSize: Math.min(11, Math.max(8, width)),
          verticalAlign: 'middle',
          align: after ? 'left' : 'right',
        },
      })
      return { type: 'group', children }
    },
  }))

  return {
    animation: false,
    color: groups.map((g) => g.color),
    legend: { top: 0, data: groups.map((g) => g.name), textStyle: { color: TEXT } },
    grid: { top: 32, bottom: axisName ? 40 : 24, left: 8, right: 48, containLabel: true },
    xAxis: { type: 'value', min, max, name: axisName, nameLocation: 'middle', nameGap: 24, axisLabel: { color: TEXT } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: categories,
      axisTick: { show: false },
      axisLabel: { color: TEXT, width: 200, overflow: 'break', lineHeight: 13 },
    },
    tooltip: {
      trigger: 'item',
      formatter: (params: { seriesIndex: number; dataIndex: number; seriesName: string }) => {
        const datum = series[params.seriesIndex]?.data[params.dataIndex]
        if (!datum) return ''
        const heading = `<strong>${escapeHtml(categories[datum.value[0]])}</strong><br>${escapeHtml(params.seriesName)}: `
        return heading + escapeHtml('message' in datum ? datum.message : text.describe(datum.cell))
      },
    },
    series,
  }
}

/** One answer choice's share of an item's scored and unscored answers, with the colour that says where it lies. */
export interface Segment {
  label: string
  share: number
  color: string
}

export type DistributionRow = { label: string; segments: Segment[] } | { label: string; withheld: string }

/** Each item a 100% bar split by answer choice; a withheld item a hatched band with the reason in its tooltip. */
export function distributionOption({ rows, text }: { rows: DistributionRow[]; text: { withheld: string; format: (share: number) => string } }): EChartsCoreOption {
  const data = rows.map((row, i) => ({ value: [i], row }))
  return {
    animation: false,
    grid: { top: 8, bottom: 24, left: 8, right: 16, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: TEXT, formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label), axisTick: { show: false }, axisLabel: { color: TEXT, width: 260, overflow: 'truncate' } },
    tooltip: {
      trigger: 'item',
      formatter: (params: { dataIndex: number }) => {
        const row = rows[params.dataIndex]
        const lines = 'withheld' in row ? [row.withheld] : row.segments.map((s) => `${s.label}: ${text.format(s.share)}`)
        return `<strong>${escapeHtml(row.label)}</strong><br>${lines.map(escapeHtml).join('<br>')}`
      },
    },
    series: [
      {
        type: 'custom',
        encode: { y: 0 },
        data,
        renderItem: (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
          const { row } = data[params.dataIndex]
          const band = (api.size!([0, 1]) as number[])[1]
          const height = band * ROW_FILL
          const top = api.coord([0, params.dataIndex])[1] - height / 2
          const x0 = api.coord([0, 0])[0]
          const x100 = api.coord([100, 0])[0]
          if ('withheld' in row) {
            return {
              type: 'group',
              children: [
                { type: 'rect', shape: { x: x0, y: top, width: x100 - x0, height }, style: { fill: hatchPattern() as never } },
                { type: 'text', style: { x: x0 + 4, y: top + height / 2, text: text.withheld, fill: '#4a5360', fontSize: 11, verticalAlign: 'middle' } },
              ],
            }
          }
          let at = 0
          const children: NonNullable<CustomSeriesRenderItemReturn>[] = []
          for (const segment of row.segments) {
            const x = x0 + ((x100 - x0) * at) / 100
            const width = ((x100 - x0) * segment.share) / 100
            at += segment.share
            children.push({ type: 'rect', shape: { x, y: top, width, height }, style: { fill: segment.color, stroke: '#fff', lineWidth: 1 } })
            if (width > 34) {
              children.push({
                type: 'text',
                style: { x: x + width / 2, y: top + height / 2, text: text.format(segment.share), fill: readableOn(segment.color), fontSize: 11, align: 'center', verticalAlign: 'middle' },
              })
            }
          }
          return { type: 'group', children }
        },
      },
    ],
  }
}

/** Black or white text, whichever reads better on the colour (relative luminance). */
export function readableOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.22 ? TEXT : '#ffffff'
}
