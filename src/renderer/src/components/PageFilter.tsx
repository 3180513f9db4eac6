import { CloseButton, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { PHONE_BREAKPOINT } from './use-phone';

/** The filter box of a table page: "/" focuses it (data-page-filter), Escape clears it; the whole width on a phone. */
export function PageFilter({
  value,
  onChange,
  placeholder,
  label,
  width = 260,
  testId,
}: {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  label: string;
  width?: number;
  testId?: string;
}) {
  return (
    <TextInput
      size="xs"
      w={{ base: '100%', [PHONE_BREAKPOINT]: width }}
      placeholder={placeholder}
      aria-label={label}
      leftSection={<IconSearch size={14} />}
      rightSection={
        value === '' ? (
          <Text size="xs" c="dimmed">
            /
          </Text>
        ) : (
          <CloseButton size="xs" aria-label="Clear filter" onClick={() => onChange('')} />
        )
      }
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          onChange('');
          event.currentTarget.blur();
        }
      }}
      data-page-filter
      data-testid={testId}
    />
  );
}
