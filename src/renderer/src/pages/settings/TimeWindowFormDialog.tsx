import { ActionIcon, Button, Checkbox, Chip, Group, Modal, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { describePeriod, newPeriod, timeWindowProblem, weekdays, type PeriodForm, type RouteSummary, type TimeWindowForm } from './time-window-form';

/** Adds or edits a weekly maintenance window and the routes it mutes; saved through the diff-first save. */
export function TimeWindowFormDialog({
  initial,
  existing,
  taken,
  routes,
  onClose,
  onDone,
}: {
  initial: TimeWindowForm;
  existing: boolean;
  taken: readonly string[];
  routes: readonly RouteSummary[];
  onClose: () => void;
  onDone: (form: TimeWindowForm | null) => void;
}) {
  const [form, setForm] = useState(initial);
  const problem = timeWindowProblem(form, existing ? [] : taken);
  const setPeriod = (index: number, patch: Partial<PeriodForm>): void =>
    setForm({ ...form, periods: form.periods.map((period, i) => (i === index ? { ...period, ...patch } : period)) });
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={<Text fw={600}>{existing ? `Maintenance window ${form.name}` : 'New maintenance window'}</Text>}
      data-testid="time-window-form"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (problem === null) onDone({ ...form, name: form.name.trim() });
        }}
      >
        <Stack gap="sm">
          <TextInput
            size="xs"
            label="Name"
            description="Routes name it in mute_when:."
            value={form.name}
            onChange={(event) => setForm({ ...form, name: event.currentTarget.value })}
            disabled={existing}
            data-autofocus={!existing}
            data-testid="time-window-name"
          />
          <Text size="sm" fw={500}>
            When (local time of the machine Zervigo runs on)
          </Text>
          {form.periods.map((period, index) => (
            <Paper key={index} withBorder p="xs" radius="sm" data-testid="time-window-period">
              <Group justify="space-between" wrap="nowrap" mb={6}>
                <Text size="xs" c="dimmed">
                  {describePeriod(period)}
                </Text>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Remove period ${index + 1}`}
                  disabled={form.periods.length === 1}
                  onClick={() => setForm({ ...form, periods: form.periods.filter((_, i) => i !== index) })}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              </Group>
              <Chip.Group multiple value={period.days} onChange={(days) => setPeriod(index, { days: days })}>
                <Group gap={4}>
                  {weekdays.map((day) => (
                    <Chip key={day} value={day} size="xs">
                      {day}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
              <Group gap="xs" mt={8} align="flex-end" wrap="wrap">
                <Checkbox size="xs" label="All day" checked={period.allDay} onChange={(event) => setPeriod(index, { allDay: event.currentTarget.checked })} />
                {!period.allDay && (
                  <>
                    <TextInput
                      size="xs"
                      type="time"
                      label="From"
                      w={110}
                      value={period.from}
                      onChange={(event) => setPeriod(index, { from: event.currentTarget.value })}
                      aria-label={`From ${index + 1}`}
                    />
                    <TextInput
                      size="xs"
                      type="time"
                      label="To"
                      w={110}
                      value={period.to}
                      onChange={(event) => setPeriod(index, { to: event.currentTarget.value })}
                      aria-label={`To ${index + 1}`}
                    />
                  </>
                )}
              </Group>
            </Paper>
          ))}
          <Button
            variant="subtle"
            size="xs"
            w="fit-content"
            leftSection={<IconPlus size={12} />}
            onClick={() => setForm({ ...form, periods: [...form.periods, newPeriod()] })}
          >
            Add a period
          </Button>
          <div>
            <Text size="sm" fw={500} mb={4}>
              Routes that send nothing during it
            </Text>
            {routes.length === 0 ? (
              <Text size="xs" c="dimmed">
                No routes yet: add them under routes: in the workspace file.
              </Text>
            ) : (
              <Stack gap={4}>
                {routes.map((route) => (
                  <Checkbox
                    key={route.index}
                    size="xs"
                    label={`Route ${route.index + 1}: ${route.label}`}
                    checked={form.mutedRoutes.includes(route.index)}
                    onChange={(event) =>
                      setForm({
                        ...form,
                        mutedRoutes: event.currentTarget.checked
                          ? [...form.mutedRoutes, route.index]
                          : form.mutedRoutes.filter((index) => index !== route.index),
                      })
                    }
                  />
                ))}
              </Stack>
            )}
          </div>
          {problem !== null && (
            <Text size="xs" c="dimmed">
              Needed: {problem}
            </Text>
          )}
          <Group justify="space-between" gap="xs">
            <div>
              {existing && (
                <Button variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => onDone(null)}>
                  Remove…
                </Button>
              )}
            </div>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" disabled={problem !== null} data-testid="time-window-save">
                Review and save…
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
