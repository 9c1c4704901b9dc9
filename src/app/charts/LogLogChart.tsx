// A measurement against a size (batch size, data points) on log–log axes with a dot at each
// size measured: a power law reads as a straight line, its exponent as the slope.

import { LineChart, type LineChartProps } from './LineChart';
import type { AxisSpec } from './axes';

export interface LogLogChartProps extends Omit<LineChartProps, 'x' | 'y' | 'points'> {
  readonly x: AxisSpec;
  readonly y: AxisSpec;
}

export function LogLogChart({ x, y, ...rest }: LogLogChartProps) {
  return <LineChart {...rest} x={{ ...x, type: 'log' }} y={{ ...y, type: 'log' }} points />;
}
