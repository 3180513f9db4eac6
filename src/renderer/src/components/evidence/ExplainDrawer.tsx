import { Alert, Anchor, Drawer, Group, List, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ExplainRequest } from '../../../../shared/contract/assistant';
import type { Explanation } from '../../../../shared/types/incidents';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';
import { useLastShown } from '../use-last-shown';
import { usePhone } from '../use-phone';
import { usePageHref } from '../use-page-href';
import { EvidenceLinks } from './EvidenceLinks';

export type ExplainQuestion = ExplainRequest & { incident?: number };

type Answer = { status: 'loading' } | { status: 'answered'; explanation: Explanation } | { status: 'failed'; message: string };

/**
 * The assistant's answer to "why is api down?" (or "what happened?"): plain sentences built from
 * the incidents' evidence, each followed by the links that back it. Asked afresh each time it opens.
 */
export function ExplainDrawer({ question, onClose }: { question: ExplainQuestion | null; onClose: () => void }) {
  const bridge = useBridge();
  const href = usePageHref();
  const phone = usePhone();
  const key = question === null ? null : JSON.stringify(question);
  // The answer to the question asked last; another question reads as loading until its answer comes.
  const [answered, setAnswered] = useState<{ key: string; answer: Answer } | null>(null);
  // While it fades out after closing, the last answer stays rather than flashing "Reading the evidence…".
  const answer = useLastShown<Answer>(key !== null, answered !== null && answered.key === key ? answered.answer : { status: 'loading' });
  useEffect(() => {
    if (key === null) return;
    let stale = false;
    bridge.invoke('assistant.explain', JSON.parse(key) as ExplainQuestion).then(
      (explanation) => {
        if (!stale) setAnswered({ key, answer: { status: 'answered', explanation } });
      },
      (error: unknown) => {
        if (!stale) setAnswered({ key, answer: { status: 'failed', message: messageOf(error) } });
      },
    );
    return () => {
      stale = true;
    };
  }, [bridge, key]);

  return (
    <Drawer
      opened={question !== null}
      onClose={onClose}
      position="right"
      size={phone ? '100%' : 'lg'}
      title={answer.status === 'answered' ? capitalise(answer.explanation.question) : 'Explain'}
      data-testid="explain-drawer"
    >
      {answer.status === 'loading' && (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">Reading the evidence…</Text>
        </Group>
      )}
      {answer.status === 'failed' && (
        <Alert color="red" title="No explanation">
          {answer.message}
        </Alert>
      )}
      {answer.status === 'answered' && (
        <Stack gap="md">
          <List
            spacing="sm"
            size="sm"
            data-testid="explain-lines"
            styles={{ itemWrapper: { minWidth: 0, overflowWrap: 'anywhere' }, itemLabel: { minWidth: 0 } }}
          >
            {answer.explanation.lines.map((line, index) => (
              <List.Item key={index} data-testid="explain-line">
                <Text span size="sm">
                  {line.text}
                </Text>
                <EvidenceLinks links={line.links} onFollow={onClose} />
              </List.Item>
            ))}
          </List>
          {answer.explanation.incidentIds.length > 0 && (
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                From
              </Text>
              {answer.explanation.incidentIds.map((id) => (
                <Anchor key={id} href={href(`/incidents/${id}`)} size="sm" onClick={onClose} data-testid="explain-incident-link" data-tap>
                  incident {id}
                </Anchor>
              ))}
            </Group>
          )}
          <Text size="xs" c="dimmed">
            Worked out on this machine from the incidents&apos; own evidence: charts, log patterns, alerts and changes. Nothing is said that they do not show.
          </Text>
        </Stack>
      )}
    </Drawer>
  );
}

function capitalise(text: string): string {
  return text.length === 0 ? text : `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}
