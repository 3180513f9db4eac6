import { z } from 'zod';
import { templateString } from '../../config/schema/alerting-checks';
import type { ActionDoors, ActionFiring, ActionKind } from '../action-kind';

/**
 * restart, start and stop: the service named by the (expanded) template, or a failed entry that
 * says which name was not found. Restarts count against the service's budget; start and stop
 * write their own audit entries, under the rule's name.
 */
export async function controlService(
  verb: 'restart' | 'start' | 'stop',
  template: string,
  context: ActionFiring & Pick<ActionDoors, 'services'>,
): Promise<void> {
  const { audit, services, actor, details } = context;
  const service = context.expand(template);
  if (context.settings.dryRun) {
    audit.record({ actor, action: verb, target: service, outcome: 'dry_run', message: `would ${verb} ${service}`, details });
    return;
  }
  if (!services.names().includes(service)) {
    audit.record({
      actor,
      action: verb,
      target: service || '(empty)',
      outcome: 'failed',
      message: `no service "${service}" in the workspace (from "${template}")`,
      details,
    });
    return;
  }
  if (verb === 'restart') {
    const supervisor = services.get(service);
    if (supervisor === undefined) {
      audit.record({ actor, action: verb, target: service, outcome: 'refused', message: `${service} has no start command; Zervigo only watches it`, details });
      return;
    }
    const id = audit.begin({ actor, action: 'restart', target: service, details });
    const outcome = await supervisor.restartForRule(context.rule);
    audit.finish(id, outcome.ok ? 'ok' : outcome.unchanged ? 'skipped' : 'failed', outcome.message);
    return;
  }
  await services.run(verb, [service], actor);
}

/** The kind of restart, start or stop: a template naming the service (`restart: "{{ $labels.service }}"`). */
export function serviceControlAction(verb: 'restart' | 'start' | 'stop', summary: string): ActionKind<string, 'services'> {
  return {
    kind: verb,
    summary,
    schema: z.string().min(1).check(templateString),
    describe: (template) => template,
    run: (template, context) => controlService(verb, template, context),
  };
}
