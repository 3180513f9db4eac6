import { Anchor, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useState } from 'react';
import type { OperationAction, OperationResult } from '../../../../shared/types/operate';
import { useBridge } from '../../bridge/use-bridge';
import { usePageHref } from '../../components/use-page-href';
import { codeOf, messageOf } from '../../format/error-message';
import { formatSpan } from '../../format/duration';
import { actionWords, describeTargets } from '../../format/operation';
import { useConfirmDestructive } from '../../stores/use-confirm-destructive';

export type ControlAction = OperationAction | 'reset';

export interface PendingConfirmation {
  action: OperationAction;
  services: string[];
  environment: string;
}

/** The audit entry of a one-service action, or the operation's entries for more (a page path). */
function auditPath(result: OperationResult): string {
  const single = new Set(result.services.map((step) => step.service)).size === 1 ? result.services.at(-1)?.auditId : null;
  return single !== null && single !== undefined ? `/audit/${single}` : `/audit/operation/${encodeURIComponent(result.id)}`;
}

/**
 * Start, stop, restart and reset from the console: each shows a toast with its outcome and a
 * link to its audit entry; a stop or restart in a confirm_destructive environment waits for
 * the operator to confirm (and if the server asks anyway, the question is put then).
 */
export function useServiceControl() {
  const bridge = useBridge();
  // Worked out here: the toast renders outside the page, where an agent's pages are not known.
  const href = usePageHref();
  const [pending, setPending] = useState<PendingConfirmation | null>(null);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const { environment, asks } = useConfirmDestructive();

  const execute = useCallback(
    async (action: ControlAction, services: string[], confirm: boolean): Promise<void> => {
      const words = actionWords(action);
      const targets = describeTargets(services);
      const id = notifications.show({
        loading: true,
        title: `${words.doing} ${targets}…`,
        message: 'in dependency order',
        autoClose: false,
        withCloseButton: false,
      });
      setBusy((current) => new Set([...current, ...services]));
      try {
        const result =
          action === 'reset' ? await bridge.invoke('services.reset', { services }) : await bridge.invoke(`services.${action}`, { services, confirm });
        notifications.update({
          id,
          loading: false,
          color: result.ok ? 'green' : 'red',
          // The engine's sentence says what was done (and what was only waited for); a failure says so first.
          title: result.ok ? <span data-testid="operation-summary">{result.summary}</span> : `${words.label} ${targets}: not everything went well`,
          message: (
            <>
              {!result.ok && (
                <Text size="sm" data-testid="operation-summary">
                  {result.summary}
                </Text>
              )}
              <Text size="xs" c="dimmed" span>
                in {formatSpan(result.durationMs)} ·{' '}
              </Text>
              <Anchor href={href(auditPath(result))} size="xs">
                See the audit entry
              </Anchor>
            </>
          ),
          autoClose: result.ok ? 5_000 : false,
          withCloseButton: true,
        });
      } catch (error) {
        if (codeOf(error) === 'confirmation_required' && action !== 'start' && action !== 'reset') {
          notifications.hide(id);
          setPending({ action, services, environment: environment ?? 'this environment' });
        } else {
          notifications.update({
            id,
            loading: false,
            color: 'red',
            title: `${words.label} ${targets} failed`,
            message: messageOf(error),
            autoClose: false,
            withCloseButton: true,
          });
        }
      } finally {
        setBusy((current) => new Set([...current].filter((name) => !services.includes(name))));
      }
    },
    [bridge, environment, href],
  );

  const request = useCallback(
    (action: ControlAction, services: string[]): void => {
      if ((action === 'stop' || action === 'restart') && asks) setPending({ action, services, environment: environment });
      else void execute(action, services, false);
    },
    [asks, environment, execute],
  );

  const confirm = useCallback(() => {
    if (pending === null) return;
    setPending(null);
    void execute(pending.action, pending.services, true);
  }, [pending, execute]);

  return { request, pending, confirm, cancel: () => setPending(null), busy, confirmDestructive: asks, environment };
}
