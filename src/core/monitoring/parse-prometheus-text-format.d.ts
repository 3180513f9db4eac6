/** Types for parse-prometheus-text-format 1.1 (it ships none). */
declare module 'parse-prometheus-text-format' {
  type Labels = Record<string, string>;
  interface PlainMetric {
    value: string;
    labels?: Labels;
    timestamp_ms?: string;
  }
  interface HistogramMetric {
    buckets: Record<string, string>;
    count?: string;
    sum?: string;
    labels?: Labels;
  }
  interface SummaryMetric {
    quantiles: Record<string, string>;
    count?: string;
    sum?: string;
    labels?: Labels;
  }
  interface MetricFamily {
    name: string;
    help: string;
    type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
    metrics: (PlainMetric | HistogramMetric | SummaryMetric)[];
  }
  export default function parsePrometheusTextFormat(text: string): MetricFamily[];
}
