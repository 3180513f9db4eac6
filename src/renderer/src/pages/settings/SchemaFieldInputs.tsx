import { Checkbox, Code, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import type { FieldInput, SchemaField } from './schema-fields';

/** The inputs of a form drawn from a JSON Schema (schema-fields.ts): one per field, secrets masked. */
export function SchemaFieldInputs({
  kind,
  fields,
  inputs,
  written,
  onChange,
}: {
  kind: string;
  fields: readonly SchemaField[];
  inputs: Record<string, FieldInput>;
  /** The options as written: shown as they are when the kind has no schema here. */
  written: unknown;
  onChange: (inputs: Record<string, FieldInput>) => void;
}) {
  if (fields.length === 0)
    return (
      <Stack gap={4} data-testid="channel-options-written">
        <Text size="xs" c="dimmed">
          Options of {kind}, kept as written (edit them in Config):
        </Text>
        <Code block>{JSON.stringify(written ?? null, null, 2)}</Code>
      </Stack>
    );
  return (
    <Stack gap="sm">
      {fields.map((field) => {
        const key = field.key ?? '';
        const input = inputs[key];
        const testId = `channel-option-${field.key ?? kind}`;
        const label = `${field.label}${field.required ? '' : ' (optional)'}`;
        const description = field.description ?? undefined;
        const put = (value: FieldInput): void => onChange({ ...inputs, [key]: value });
        if (field.type === 'boolean')
          return (
            <Checkbox
              key={key}
              size="xs"
              label={field.label}
              description={description}
              checked={input === true}
              onChange={(event) => put(event.currentTarget.checked)}
              data-testid={testId}
            />
          );
        const text = typeof input === 'string' ? input : '';
        if (field.type === 'choice')
          return (
            <Select
              key={key}
              size="xs"
              label={label}
              description={description}
              data={field.choices}
              value={text === '' ? null : text}
              onChange={(value) => put(value ?? '')}
              clearable={!field.required}
              data-testid={testId}
            />
          );
        const Input = field.secret ? PasswordInput : TextInput;
        return (
          <Input
            key={key}
            size="xs"
            label={label}
            description={description}
            placeholder={field.type === 'json' ? 'JSON, e.g. ["a", "b"]' : field.type === 'number' ? 'a number or ${VAR}' : undefined}
            value={text}
            onChange={(event) => put(event.currentTarget.value)}
            data-testid={testId}
          />
        );
      })}
    </Stack>
  );
}
