import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import type { AlertInstance } from '../entities/vocabulary';
import { none, type ClausePlan, type IntentDefinition } from './intent';

function acknowledge(alert: AlertInstance): AssistantCommand {
  return { command: 'alerts.acknowledge', input: { fingerprint: alert.fingerprint } };
}

/** "ServiceDown (service=db)": enough to tell two alerts of one rule apart. */
function describe(alert: AlertInstance): string {
  const labels = Object.entries(alert.labels)
    .filter(([name]) => name === 'service' || name === 'instance' || name === 'mountpoint' || name === 'host')
    .slice(0, 2);
  return `${alert.alertname}${labels.length > 0 ? ` (${labels.map(([name, value]) => `${name}=${value}`).join(', ')})` : ''}${alert.state === 'pending' ? ', pending' : ''}`;
}

/**
 * "ack the disk alert", "确认 db 的告警": acknowledging needs the alert's fingerprint, so this
 * works on the alerts the console knows of now, narrowed by rule and service.
 */
export const acknowledgeIntent: IntentDefinition = {
  name: 'acknowledge',
  triggers: ['ack', 'acknowledge', 'acknowledged', "i'm on it", 'on it', 'claim', '确认', '认领', '收到', '知道了', '已知'],
  acts: true,
  score(clause) {
    if (!clause.has('verb:acknowledge')) return 0;
    // 确认 also means "confirm": only an acknowledgement where alerts are in the sentence.
    const chineseOnly = clause.words.every((word) => !word.concepts.has('verb:acknowledge') || /[\u4e00-\u9fff]/.test(word.token.text));
    if (chineseOnly && !clause.has('alert') && clause.names('rule').length === 0) return 3;
    return 10;
  },
  plan(clause, context): ClausePlan {
    if (clause.negated) return none('The sentence says not to acknowledge; nothing to run.');
    const active = clause.vocabulary.alerts.filter((alert) => alert.state !== 'resolved' && !alert.acknowledged);
    const { named, byTopic } = clause.rules();
    const rules = named.length > 0 ? named : byTopic;
    const targets = clause.serviceTargets();
    const services = targets.names.length > 0 ? targets.names : targets.pronoun && rules.length === 0 ? context.previousServices : [];
    let matched = active.filter(
      (alert) => (rules.length === 0 || rules.includes(alert.alertname)) && (services.length === 0 || services.includes(alert.labels.service ?? '')),
    );
    if (rules.length === 0 && services.length === 0 && targets.all) matched = matched.filter((alert) => alert.state === 'firing');
    if (matched.length === 0) {
      const what = [...rules, ...services].join(' / ');
      if (clause.vocabulary.alerts.length === 0)
        return none('No alerts are known here, so there is nothing to acknowledge (the running console knows the firing ones).');
      return none(
        what === ''
          ? 'No alert is firing, so there is nothing to acknowledge.'
          : `No unacknowledged alert for ${what} is firing or pending; nothing to acknowledge.`,
      );
    }
    // "ack ServiceDown for db and worker": one alert per service named.
    const onePerService = services.length > 1 && new Set(matched.map((alert) => alert.labels.service)).size === matched.length;
    if (matched.length === 1 || targets.all || onePerService) return { kind: 'commands', commands: matched.map(acknowledge) };
    return {
      kind: 'question',
      question: 'Acknowledge which alert?',
      options: matched.map((alert) => ({ label: `Acknowledge ${describe(alert)}`, commands: [acknowledge(alert)] })),
    };
  },
};
