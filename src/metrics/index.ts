// keras.metrics
export { Metric, Mean, Sum, type MetricOptions } from "./metric.js";
