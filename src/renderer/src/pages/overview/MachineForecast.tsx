import { Stack, Text } from '@mantine/core';
import type { ForecastInsight } from '../../../../shared/types/insights';
import { formatSpan } from '../../format/duration';
import { useInsightsStore } from '../../stores/insights-store';
import { ForecastChart } from '../insights/ForecastChart';

/**
 * Under a machine gauge that fills (memory, a filesystem): when analysis forecasts it reaching its
 * threshold, when ("95 % in 6 h (4 h–9 h)"), and the history with the forecast's band ahead of
 * now, as on the Insights page. Nothing when it is not heading for a threshold.
 */
export function MachineForecast({ metric, labels = {} }: { metric: string; labels?: Record<string, string> }) {
  const forecast = useInsightsStore((state) =>
    state.view?.forecasts.find(
      (one) => one.series.metric === metric && one.service === null && Object.entries(labels).every(([name, value]) => one.series.labels[name] === value),
    ),
  );
  if (forecast === undefined) return null;
  return (
    <Stack gap={0} data-testid="machine-forecast" data-metric={metric}>
      <Text size="xs" c={forecast.status === 'crossed' || forecast.secondsUntil < 86_400 ? 'red' : 'yellow.8'}>
        {whenText(forecast)}
      </Text>
      {forecast.status === 'fills' && <ForecastChart forecast={forecast} compact />}
    </Stack>
  );
}

function whenText(forecast: ForecastInsight): string {
  if (forecast.status === 'crossed') return `past ${forecast.threshold} %`;
  const interval = forecast.interval;
  const range = interval === null ? '' : ` (${formatSpan(interval[0] * 1000)}–${interval[1] === null ? 'never' : formatSpan(interval[1] * 1000)})`;
  return `${forecast.threshold} % in ${formatSpan(forecast.secondsUntil * 1000)}${range}`;
}
