import { Group, Stack, Switch, Text } from '@mantine/core';
import type { DashboardVariable } from '../../../../shared/dashboards/dashboard';

/**
 * While editing a dashboard, per variable: whether its picker takes several values at once
 * (`multi`, substituted as a|b in a regex match) and whether it offers "All" (`include_all`).
 */
export function VariableSettings({ variables, onChange }: { variables: readonly DashboardVariable[]; onChange: (next: DashboardVariable[]) => void }) {
  if (variables.length === 0) return null;
  const change = (name: string, patch: Partial<Pick<DashboardVariable, 'multi' | 'include_all'>>): void =>
    onChange(variables.map((variable) => (variable.name === name ? { ...variable, ...patch } : variable)));
  return (
    <Stack gap={6} data-testid="dashboard-variable-settings">
      <Text size="sm" fw={500}>
        Pickers
      </Text>
      {variables.map((variable) => (
        <Group key={variable.name} gap="sm" wrap="wrap">
          <Text size="sm" ff="monospace" w={90} truncate title={`$${variable.name}`}>
            ${variable.name}
          </Text>
          <Switch
            size="xs"
            label="Several values"
            checked={variable.multi}
            onChange={(event) => change(variable.name, { multi: event.currentTarget.checked })}
            data-testid={`variable-multi-${variable.name}`}
          />
          <Switch
            size="xs"
            label="Offer All"
            checked={variable.include_all}
            onChange={(event) => change(variable.name, { include_all: event.currentTarget.checked })}
            data-testid={`variable-all-${variable.name}`}
          />
        </Group>
      ))}
    </Stack>
  );
}
