/**
 * The parts of echarts the statistics pages draw with: bar and pie charts, axes, tooltips, legends, the canvas renderer.
 * Imported only through echart.tsx's dynamic import, so this (and echarts) is a chunk of its own, fetched by these pages.
 */
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
