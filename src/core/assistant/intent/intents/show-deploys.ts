import type { IntentDefinition } from './intent';
import { listedService, listingPlan } from './listed-service';
import { reportsRatherThanAsks } from './reports-rather-than-asks';

/**
 * "show deploys of storefront", "what version of storefront is running", "when was api last
 * deployed", "部署记录": the deploy history (deploys.list; the palette opens the Deploys page,
 * `zervigo ask` prints it). A question about deploying never deploys (deploy.ts is zeroed then).
 */
export const showDeploysIntent: IntentDefinition = {
  name: 'deploys',
  triggers: [],
  words: [['deploy-history', ['deploy history', 'deployments', 'releases', 'release history', 'version', 'versions', '部署记录', '发布记录', '版本']]],
  score(clause) {
    if (clause.has('deploy-history')) return 8;
    return clause.has('verb:deploy') && reportsRatherThanAsks(clause, 'verb:deploy') ? 8 : 0;
  },
  plan(clause) {
    const listed = listedService(clause, 'Deploys');
    if ('plan' in listed) return listed.plan;
    const { service } = listed;
    return listingPlan(
      { kind: 'commands', commands: [{ command: 'deploys.list', input: { ...(service === undefined ? {} : { service }), limit: 10 } }] },
      service,
    );
  },
};
