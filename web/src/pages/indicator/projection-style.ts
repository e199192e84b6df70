/**
 * The projected series' colours on the indicator chart, in a module of their own so that the
 * browser test (test/e2e/insight.test.ts) can look for these strokes without loading the chart.
 */
export const LINEAR_COLOR = '#6b1fb0';
export const LOG_LINEAR_COLOR = '#8c4a00';
