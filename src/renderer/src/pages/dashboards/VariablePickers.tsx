import { MultiSelect, Select, Text } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { DashboardVariable } from '../../../../shared/dashboards/dashboard';
import { ALL_VALUE, pickedValues, type VariableValue, type VariableValues } from '../../../../shared/dashboards/variables';
import { useBridge } from '../../bridge/use-bridge';

/** The values a variable offers: its label's values in the series index (of the series its `match` selects). */
function useVariableOptions(variable: DashboardVariable): { options: string[]; error: string | null } {
  const bridge = useBridge();
  const [state, setState] = useState<{ options: string[]; error: string | null }>({ options: [], error: null });
  const label = variable.label ?? variable.name;
  useEffect(() => {
    let stopped = false;
    // Without a selector of its own: every series that carries the label.
    bridge.invoke('metrics.series', { match: variable.match ?? `{${label}!=""}`, limit: 1 }).then(
      (listing) => !stopped && setState({ options: [...(listing.labelValues[label] ?? [])].sort(), error: null }),
      (error: unknown) => !stopped && setState({ options: [], error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      stopped = true;
    };
  }, [bridge, label, variable.match]);
  return state;
}

/**
 * One picker per variable ($service, $host), its values from the store; the first (or the
 * default) is picked once they arrive. A multi-value variable picks several (or All, which then
 * stands alone: picking a value after All replaces it, and All replaces the values).
 */
function VariablePicker({
  variable,
  value,
  onChange,
}: {
  variable: DashboardVariable;
  value: VariableValue | undefined;
  onChange: (value: VariableValue) => void;
}) {
  const { options, error } = useVariableOptions(variable);
  const data = useMemo(
    () => [...(variable.include_all ? [{ value: ALL_VALUE, label: 'All' }] : []), ...options.map((option) => ({ value: option, label: option }))],
    [options, variable.include_all],
  );
  const picked = pickedValues(value);
  useEffect(() => {
    if (picked.length > 0) return;
    const first = variable.default !== undefined && (options.includes(variable.default) || variable.default === ALL_VALUE) ? variable.default : data[0]?.value;
    if (first !== undefined) onChange(variable.multi ? [first] : first);
  }, [data, onChange, options, picked.length, variable.default, variable.multi]);
  const label = (
    <Text size="xs" c="dimmed" ff="monospace">
      ${variable.name}
    </Text>
  );
  const labelWidth = Math.min(12 + variable.name.length * 8, 90);
  const placeholder = options.length === 0 ? `no ${variable.label ?? variable.name} values yet` : 'pick one';
  if (variable.multi)
    return (
      <MultiSelect
        miw={190}
        maw={420}
        leftSection={label}
        leftSectionWidth={labelWidth}
        aria-label={`$${variable.name}`}
        placeholder={picked.length === 0 ? placeholder : undefined}
        data={data}
        value={[...picked]}
        onChange={(next) => {
          if (next.length === 0) return;
          // All stands alone: the newest pick wins over it, or it over the others.
          const added = next.at(-1);
          onChange(added === ALL_VALUE ? [ALL_VALUE] : next.filter((one) => one !== ALL_VALUE));
        }}
        searchable
        error={error}
        data-testid={`variable-${variable.name}`}
      />
    );
  return (
    <Select
      w={190}
      leftSection={label}
      leftSectionWidth={labelWidth}
      aria-label={`$${variable.name}`}
      placeholder={placeholder}
      data={data}
      value={typeof value === 'string' ? value : (picked[0] ?? null)}
      onChange={(next) => next !== null && onChange(next)}
      allowDeselect={false}
      searchable
      error={error}
      data-testid={`variable-${variable.name}`}
    />
  );
}

export function VariablePickers({
  variables,
  values,
  onChange,
}: {
  variables: readonly DashboardVariable[];
  values: VariableValues;
  onChange: (name: string, value: VariableValue) => void;
}) {
  return variables.map((variable) => (
    <VariablePicker key={variable.name} variable={variable} value={values[variable.name]} onChange={(value) => onChange(variable.name, value)} />
  ));
}
