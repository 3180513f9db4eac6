import { ActionIcon, Button, Group, Popover, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import { useState } from 'react';
import { describeRange, relativeRanges, toLocalInput, type RelativeRangeKey, type TimeRange } from '../format/time-range';

/** One picker per page: 15m … 30d follow "now"; custom (or a drag-zoom) is a fixed range. */
export function TimeRangePicker({ value, onChange }: { value: TimeRange; onChange: (range: TimeRange) => void }) {
  const [opened, setOpened] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const start = Date.parse(from);
  const end = Date.parse(to);
  const valid = Number.isFinite(start) && Number.isFinite(end) && end > start;
  const openCustom = (): void => {
    const now = Date.now();
    setFrom(toLocalInput(value.kind === 'absolute' ? value.start : now - 3_600_000));
    setTo(toLocalInput(value.kind === 'absolute' ? value.end : now));
    setOpened(true);
  };
  return (
    <Group gap="xs" wrap="nowrap" data-testid="time-range">
      <SegmentedControl
        size="xs"
        value={value.kind === 'relative' ? value.key : 'custom'}
        onChange={(key) => (key === 'custom' ? openCustom() : onChange({ kind: 'relative', key: key as RelativeRangeKey }))}
        data={[...Object.keys(relativeRanges).map((key) => ({ value: key, label: key })), { value: 'custom', label: 'custom' }]}
      />
      <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow shadow="md">
        <Popover.Target>
          {value.kind === 'absolute' ? (
            <Button variant="light" size="xs" leftSection={<IconCalendar size={14} />} onClick={openCustom} title="Change the custom range">
              {describeRange(value)}
            </Button>
          ) : (
            <ActionIcon variant="subtle" size="md" onClick={openCustom} aria-label="Choose a custom range" title="Choose a custom range">
              <IconCalendar size={16} />
            </ActionIcon>
          )}
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="xs" w={260}>
            <TextInput type="datetime-local" label="From" size="xs" value={from} onChange={(event) => setFrom(event.currentTarget.value)} />
            <TextInput type="datetime-local" label="To" size="xs" value={to} onChange={(event) => setTo(event.currentTarget.value)} />
            {!valid && (
              <Text size="xs" c="red.7">
                “To” must be after “From”.
              </Text>
            )}
            <Button
              size="xs"
              disabled={!valid}
              onClick={() => {
                onChange({ kind: 'absolute', start, end });
                setOpened(false);
              }}
            >
              Show this range
            </Button>
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
