import type { ActiveWorkspace } from '../config/active-workspace';
import { ruleGroupSchemaFor, type RuleGroupConfig } from '../config/schema';

/** The built-in group that watches the agents; present while the console has any. */
export const FLEET_RULE_GROUP = 'zervigo-fleet';

function agentDownGroup(downForMs: number): RuleGroupConfig {
  // The group has no `then:` actions: no action kinds are needed to read it.
  return ruleGroupSchemaFor([]).parse({
    name: FLEET_RULE_GROUP,
    rules: [
      {
        alert: 'AgentDown',
        expr: 'agent_up == 0',
        for: `${Math.round(downForMs)}ms`,
        labels: { severity: 'critical' },
        annotations: {
          summary: 'Agent {{ $labels.agent }} is unreachable',
          description:
            'The console cannot reach agent {{ $labels.agent }}: its services, alerts and logs are not seen. Agents page: the reason and the next attempt.',
        },
      },
    ],
  });
}

/**
 * The workspace as alerting sees it: with the AgentDown rule while there are agents, and
 * without Zervigo's own routes when alerting.own_routing is false (the Alertmanagers notify).
 */
export function alertingWorkspace(active: ActiveWorkspace, hasAgents: boolean, agentDownForMs: number): ActiveWorkspace {
  const { config } = active;
  const ownRouting = config.alerting.own_routing;
  if (!hasAgents && ownRouting) return active;
  return {
    ...active,
    config: {
      ...config,
      rule_groups:
        hasAgents && !config.rule_groups.some((group) => group.name === FLEET_RULE_GROUP)
          ? [...config.rule_groups, agentDownGroup(agentDownForMs)]
          : config.rule_groups,
      routes: ownRouting ? config.routes : [],
    },
  };
}
