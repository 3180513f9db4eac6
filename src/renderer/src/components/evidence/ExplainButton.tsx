import { ActionIcon, Button, Tooltip } from '@mantine/core';
import { IconHelpHexagon } from '@tabler/icons-react';
import { useState } from 'react';
import { ExplainDrawer, type ExplainQuestion } from './ExplainDrawer';

/**
 * "Explain": asks the assistant why a service is in trouble (or, without one, about the latest
 * incident) and shows the answer in a drawer. `compact` is a row's icon.
 */
export function ExplainButton({
  question,
  compact = false,
  label = 'Explain',
  color = 'red',
}: {
  question: ExplainQuestion;
  compact?: boolean;
  label?: string;
  /** Red beside a red service; quieter where nothing is wrong. */
  color?: string;
}) {
  const [asked, setAsked] = useState<ExplainQuestion | null>(null);
  const subject = question.service === undefined ? '' : `-${question.service}`;
  return (
    <>
      {compact ? (
        // A row has little room: an icon, named by its tooltip and its label.
        <Tooltip label={question.service === undefined ? label : `${label}: why is ${question.service} in trouble?`}>
          <ActionIcon
            variant="light"
            color={color}
            size={22}
            aria-label={question.service === undefined ? label : `${label} ${question.service}`}
            onClick={() => setAsked(question)}
            data-thumb
            data-testid={`explain${subject}`}
          >
            <IconHelpHexagon size={14} stroke={1.6} />
          </ActionIcon>
        </Tooltip>
      ) : (
        <Button
          variant="light"
          color={color}
          size="xs"
          leftSection={<IconHelpHexagon size={16} stroke={1.6} />}
          onClick={() => setAsked(question)}
          data-testid={`explain${subject}`}
        >
          {label}
        </Button>
      )}
      <ExplainDrawer question={asked} onClose={() => setAsked(null)} />
    </>
  );
}
