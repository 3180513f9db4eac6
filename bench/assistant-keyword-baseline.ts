import { formatDuration, parseDuration } from '../src/shared/duration';
import type { AssistantVocabulary } from '../src/core/assistant/intent/entities/vocabulary';
import type { AssistantCommand, AssistantPlan } from '../src/shared/contract/assistant-plan';

/**
 * The trivial way, for comparison: split on spaces, look for a keyword (English or Chinese) by
 * exact substring, take the words that are exactly a service or rule name, and a "2h"-style
 * duration. No typos, no segmentation, no times, no questions.
 */
const KEYWORDS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['services.restart', ['restart', '重启']],
  ['services.stop', ['stop', '停止', '停掉']],
  ['services.start', ['start', '启动']],
  ['services.reset', ['reset', '重置']],
  ['silences.create', ['silence', 'mute', '静音']],
  ['alerts.acknowledge', ['ack', 'acknowledge', '确认']],
  ['logs.search', ['logs', 'log', '日志']],
  ['workspace.setEnvironment', ['switch', '切换']],
];

export function keywordBaseline(text: string, vocabulary: AssistantVocabulary): AssistantPlan {
  const lower = text.toLowerCase();
  const words = lower.split(/[\s,，]+/).filter((word) => word !== '');
  const hit = KEYWORDS.find(([, keys]) => keys.some((key) => words.includes(key) || (/[\u4e00-\u9fff]/.test(key) && lower.includes(key))));
  if (hit === undefined) return { none: 'no keyword' };
  const services = vocabulary.services.map((service) => service.name).filter((name) => words.includes(name));
  const rule = vocabulary.rules.find((entry) => words.includes(entry.name.toLowerCase()))?.name;
  const command = hit[0];
  let planned: AssistantCommand | null = null;
  if (command.startsWith('services.')) planned = { command: command as 'services.restart', input: { services } };
  else if (command === 'silences.create') {
    const duration = formatDuration(parseDuration(words.find((word) => parseDuration(word) !== null) ?? '1h') ?? 3_600_000);
    const matchers = [...(rule === undefined ? [] : [{ name: 'alertname', value: rule }]), ...services.map((service) => ({ name: 'service', value: service }))];
    if (matchers.length > 0) planned = { command, input: { matchers, duration, comment: `silenced for ${duration} from the assistant` } };
  } else if (command === 'alerts.acknowledge') {
    const alert = vocabulary.alerts.find((entry) => entry.state !== 'resolved' && (entry.alertname === rule || services.includes(entry.labels.service ?? '')));
    if (alert !== undefined) planned = { command, input: { fingerprint: alert.fingerprint } };
  } else if (command === 'logs.search') planned = { command, input: { query: services.length === 0 ? '' : `service:${services.join(',')}` } };
  else {
    const environment = vocabulary.environments.find((entry) => words.includes(entry.name))?.name;
    if (environment !== undefined) planned = { command: 'workspace.setEnvironment', input: { environment } };
  }
  return planned === null ? { none: 'incomplete' } : { commands: [planned] };
}
