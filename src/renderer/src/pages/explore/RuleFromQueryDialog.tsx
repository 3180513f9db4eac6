import { Button, Code, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useWorkspaceEdit } from '../../components/use-workspace-edit';
import { ruleEditOf, ruleFormProblems, type RuleForm } from './rule-from-query';

/**
 * "Turn into a rule": a name, how long the condition must hold, a severity and a summary for
 * the query; saved as a new entry of `rules:` through the workspace's diff-first save.
 */
export function RuleFromQueryDialog({ expr, onClose }: { expr: string; onClose: () => void }) {
  const workspace = useWorkspaceEdit();
  const [form, setForm] = useState<RuleForm>({ name: '', expr, forText: '1m', severity: 'warning', summary: '' });
  const [touched, setTouched] = useState(false);
  const problems = ruleFormProblems(form, workspace.content);
  const valid = Object.keys(problems).length === 0;
  const set = (patch: Partial<RuleForm>): void => setForm((current) => ({ ...current, ...patch }));
  const propose = (): void => {
    setTouched(true);
    if (!valid || !workspace.editable) return;
    void workspace.propose([ruleEditOf(form, workspace.content)], `rule ${form.name}`, onClose);
  };
  return (
    <Modal opened onClose={onClose} title="Turn the query into a rule" size="lg" data-testid="rule-from-query">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          The rule fires for each series the expression returns; a comparison (<Code>&gt; 0.5</Code>) makes it a condition. It is added under{' '}
          <Code>rules:</Code> in the workspace file; the diff is shown before it is saved.
        </Text>
        <TextInput
          label="Rule name"
          placeholder="HighErrorRate"
          value={form.name}
          onChange={(event) => set({ name: event.currentTarget.value })}
          error={touched || form.name !== '' ? problems.name : undefined}
          data-autofocus
          data-testid="rule-name"
        />
        <TextInput
          label="Expression"
          value={form.expr}
          onChange={(event) => set({ expr: event.currentTarget.value })}
          error={problems.expr}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="rule-expr"
        />
        <Group grow align="flex-start">
          <TextInput
            label="For"
            description="How long it must hold before firing"
            value={form.forText}
            onChange={(event) => set({ forText: event.currentTarget.value })}
            error={problems.forText}
          />
          <Select
            label="Severity"
            description="The severity label routes match on"
            data={['critical', 'warning', 'info']}
            value={form.severity}
            onChange={(value) => set({ severity: value ?? '' })}
            allowDeselect
            clearable
          />
        </Group>
        <TextInput
          label="Summary"
          description="Shown in notifications; {{ $labels.service }} and {{ $value }} are filled in"
          value={form.summary}
          onChange={(event) => set({ summary: event.currentTarget.value })}
        />
        {workspace.whyNot !== null && (
          <Text size="sm" c="red.7">
            {workspace.whyNot}.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={propose} disabled={!workspace.editable} data-testid="rule-propose">
            Review and save…
          </Button>
        </Group>
      </Stack>
      {workspace.dialog}
    </Modal>
  );
}
