import { acknowledgeIntent } from './acknowledge';
import { chartRuleIntent } from './chart-rule';
import { deployIntent } from './deploy';
import { explainIntent } from './explain';
import type { IntentDefinition } from './intent';
import { notYetIntent } from './not-yet';
import { openTerminalIntent } from './open-terminal';
import { resetIntent } from './reset';
import { restartIntent } from './restart';
import { rollbackIntent } from './rollback';
import { runJobIntent } from './run-job';
import { scaleIntent } from './scale';
import { showAlertsIntent } from './show-alerts';
import { showAuditIntent } from './show-audit';
import { showDeploysIntent } from './show-deploys';
import { showIncidentsIntent } from './show-incidents';
import { showJobRunsIntent } from './show-job-runs';
import { showStatusIntent } from './show-status';
import { showInsightsIntent } from './show-insights';
import { showLogsIntent } from './show-logs';
import { showMetricIntent } from './show-metric';
import { silenceIntent } from './silence';
import { startIntent } from './start';
import { stopIntent } from './stop';
import { switchEnvironmentIntent } from './switch-environment';
import { testChannelIntent } from './test-channel';
import { unsilenceIntent } from './unsilence';

/** Every intent; on equal scores the earlier one wins. Add an intent: one file, one line here. */
export const intents: readonly IntentDefinition[] = [
  explainIntent,
  unsilenceIntent,
  silenceIntent,
  acknowledgeIntent,
  restartIntent,
  stopIntent,
  startIntent,
  resetIntent,
  scaleIntent,
  rollbackIntent,
  deployIntent,
  runJobIntent,
  openTerminalIntent,
  switchEnvironmentIntent,
  testChannelIntent,
  showAuditIntent,
  showJobRunsIntent,
  showDeploysIntent,
  showIncidentsIntent,
  showLogsIntent,
  showInsightsIntent,
  showStatusIntent,
  showMetricIntent,
  chartRuleIntent,
  showAlertsIntent,
  notYetIntent,
];
