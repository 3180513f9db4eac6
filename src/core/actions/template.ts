/**
 * The part of Prometheus' template language a rule action's target needs: {{ $labels.name }},
 * {{ $value }}. Unknown labels expand to "", as in Prometheus.
 */
export function expandTemplate(text: string, labels: Record<string, string>, value: number): string {
  return text.replace(/\{\{\s*\$(labels\.([A-Za-z_][A-Za-z0-9_]*)|value)\s*\}\}/g, (_match, _whole: string, label: string | undefined) =>
    label === undefined ? String(value) : (labels[label] ?? ''),
  );
}
