import { ActionIcon, Alert, Code, Group, Loader, Paper, Table, Text, Tooltip } from '@mantine/core';
import { IconEye, IconEyeOff, IconLock } from '@tabler/icons-react';
import { Fragment, useEffect, useState } from 'react';
import type { EnvVariable, ServiceEnvironment } from '../../../../shared/types/service';
import { useBridge } from '../../bridge/use-bridge';
import { useCan } from '../../auth/use-can';
import { messageOf } from '../../format/error-message';

/**
 * The variables a service is started with. Values whose names look secret (TOKEN, SECRET,
 * PASSWORD, KEY…) and passwords in URLs come masked from the engine; Reveal asks for one value,
 * and the engine writes who asked to the audit log.
 */
export function EnvironmentPanel({ service }: { service: string }) {
  const bridge = useBridge();
  const [environment, setEnvironment] = useState<ServiceEnvironment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  // Seeing a secret needs the secrets permission (admins): others see the lock and why.
  const mayReveal = useCan('services.revealEnv');

  useEffect(() => {
    let stopped = false;
    bridge.invoke('services.env', { service }).then(
      (value) => {
        if (!stopped) setEnvironment(value);
      },
      (failure: unknown) => {
        if (!stopped) setError(messageOf(failure));
      },
    );
    return () => {
      stopped = true;
    };
  }, [bridge, service]);

  const reveal = (variable: EnvVariable): void => {
    if (revealed[variable.name] !== undefined) {
      setRevealed(({ [variable.name]: _hidden, ...rest }) => rest);
      return;
    }
    bridge.invoke('services.revealEnv', { service, names: [variable.name] }).then(
      (values) => setRevealed((current) => ({ ...current, ...Object.fromEntries(values.map((one) => [one.name, one.value])) })),
      (failure: unknown) => setError(messageOf(failure)),
    );
  };

  if (error !== null)
    return (
      <Alert color="red" title="Could not read its environment">
        {error}
      </Alert>
    );
  if (environment === null) return <Loader size="sm" />;
  return (
    <Paper withBorder radius="sm" p={0}>
      {environment.variables.length === 0 ? (
        <Text size="sm" p="sm" c="dimmed">
          No <Code>env:</Code> of its own in the workspace file.
        </Text>
      ) : (
        <Table verticalSpacing={4} data-testid="service-env">
          <Table.Tbody>
            {environment.variables.map((variable) => {
              const shown = revealed[variable.name] ?? variable.value;
              return (
                <Table.Tr key={variable.name} data-testid={`env-${variable.name}`} data-masked={variable.masked && revealed[variable.name] === undefined}>
                  <Table.Td w="30%">
                    <Group gap={4} wrap="nowrap">
                      {variable.masked && <IconLock size={12} aria-hidden />}
                      <Text size="sm" ff="monospace" fw={600} style={{ overflowWrap: 'break-word' }}>
                        {/* A narrow column breaks API_TOKEN after its underscore, not as "API_TOK EN". */}
                        {variable.name.split(/(?<=_)/).map((part, index) => (
                          <Fragment key={index}>
                            {index > 0 && <wbr />}
                            {part}
                          </Fragment>
                        ))}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }} data-testid={`env-value-${variable.name}`}>
                      {shown === '' ? (
                        <Text span c="dimmed">
                          (empty)
                        </Text>
                      ) : (
                        shown
                      )}
                    </Text>
                  </Table.Td>
                  <Table.Td w={40}>
                    {variable.masked && !mayReveal.allowed && (
                      <Tooltip label={`Reveal: ${mayReveal.reason ?? ''}`}>
                        <IconLock
                          size={14}
                          aria-label={`${variable.name} is masked: revealing it ${mayReveal.reason ?? ''}`}
                          data-testid={`env-locked-${variable.name}`}
                        />
                      </Tooltip>
                    )}
                    {variable.masked && mayReveal.allowed && (
                      <Tooltip label={revealed[variable.name] === undefined ? 'Reveal (recorded in the audit log)' : 'Hide again'}>
                        <ActionIcon
                          variant="subtle"
                          size="sm"
                          aria-label={`${revealed[variable.name] === undefined ? 'Reveal' : 'Hide'} ${variable.name}`}
                          onClick={() => reveal(variable)}
                        >
                          {revealed[variable.name] === undefined ? <IconEye size={14} /> : <IconEyeOff size={14} />}
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <Text size="xs" c="dimmed" px="sm" py={6}>
        Its process also sees {environment.inherits}. Secret-looking values are masked; each reveal is written to the audit log.
      </Text>
    </Paper>
  );
}
