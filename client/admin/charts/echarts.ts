// Apache ECharts, only the parts the dashboards use (tree-shaken into the staff chunks; the runner never loads it).
// Canvas rendering keeps a 1,000-school heat map fast; decal patterns and the aria module give colour-blind and
// screen-reader users a way in, next to the data table every chart has.
import { HeatmapChart, ScatterChart, BarChart, CustomChart } from 'echarts/charts'
import { AriaComponent, DataZoomComponent, GridComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent, VisualMapComponent, LegendComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([
  HeatmapChart,
  ScatterChart,
  BarChart,
  CustomChart,
  AriaComponent,
  DataZoomComponent,
  GridComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  LegendComponent,
  CanvasRenderer,
])

export { echarts }

/**
 * Colour-blind-safe sequential ramps (ColorBrewer, single hue, so order reads without hue discrimination): need in
 * oranges (more need, darker), assets in blues. Categorical marks use Okabe–Ito.
 */
export const NEED_RAMP = ['#fff5eb', '#fdd0a2', '#fd8d3c', '#d94801', '#7f2704']
export const ASSET_RAMP = ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b']
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000']
/** Withheld cells: a grey hatch (a decal), never a colour on the ramp. */
export const WITHHELD_FILL = '#e3e6ea'
/** The hatch decal: withheld cells, and the second series of a bar chart so it reads without colour. */
export const HATCH = { symbol: 'rect', symbolSize: 1, color: '#9aa3ad', dashArrayX: [1, 0], dashArrayY: [2, 5], rotation: Math.PI / 4 }
