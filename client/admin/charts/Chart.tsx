import { useEffect, useRef } from 'react'
import type { EChartsCoreOption } from 'echarts/core'
import { echarts } from './echarts'

/**
 * One ECharts instance in a sized box. The chart is a picture for sighted users (aria-hidden with a label); every
 * chart sits next to a data table with the same figures, which is what assistive technology reads.
 */
export function Chart({
  option,
  height,
  label,
  onClick,
  onRendered,
}: {
  option: EChartsCoreOption
  height: number
  label: string
  onClick?: (params: { data: unknown; dataIndex: number; seriesIndex: number }) => void
  onRendered?: () => void
}) {
  const box = useRef<HTMLDivElement>(null)
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null)

  useEffect(() => {
    const instance = echarts.init(box.current!, undefined, { renderer: 'canvas' })
    chart.current = instance
    const resize = () => instance.resize()
    window.addEventListener('resize', resize)
    return () => {
      window.removeEventListener('resize', resize)
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    const instance = chart.current!
    instance.off('click')
    if (onClick) instance.on('click', (p) => onClick(p as never))
    if (onRendered) instance.on('finished', () => onRendered())
    instance.setOption(option, { notMerge: true })
    return () => {
      instance.off('finished')
    }
  }, [option, onClick, onRendered])

  return <div ref={box} className="chart" style={{ blockSize: `${height}px` }} role="img" aria-label={label} />
}
