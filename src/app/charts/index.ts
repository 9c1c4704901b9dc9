// The chart kit a notebook page uses.
export { LogLogChart, type LogLogChartProps } from './LogLogChart';
export { LineChart, type LineChartProps, type XAxis, type YAxis, type VerticalMarker, type TextNote } from './LineChart';
export { Heatmap, type HeatmapProps, type Grid, type PointSet, type Extent, type HeatmapScheme } from './Heatmap';
export { PlotFigure, type PlotFigureProps } from './PlotFigure';
export { SeriesBuffer, type Series } from './series';
export { LiveValue, Notifying, fromStore, readLive, type DataSource, type Live } from './live';
export { thinIndices } from './thin';
export { axisLabel, SERIES_COLOURS, type AxisSpec } from './axes';
