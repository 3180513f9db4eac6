import { formatDuration } from '../../../../shared/duration';
import type { AssistantCommand, AssistantOption } from '../../../../shared/contract/assistant-plan';
import type { SilenceMatcher } from '../../../../shared/types/alerts';
import type { Clause } from '../clause';
import { calendarEndOf } from '../time/calendar-ends';
import { deadlineOf } from '../time/deadline';
import { formatLocalIso, type LocalClock } from '../time/local-time';
import { none, type ClausePlan, type IntentDefinition } from './intent';

type Matcher = Pick<SilenceMatcher, 'name' | 'value'> & { isRegex?: boolean; isEqual?: boolean };

/** Without a length the palette's quick silence is used: an hour. */
const DEFAULT_SILENCE_MS = 3_600_000;

/** How long: "for 2h", or "until tomorrow" / "for the weekend" (an end time), else an hour. */
type Length = { duration: string } | { endsAt: number; shown: string };

function silence(matchers: Matcher[], length: Length): AssistantCommand {
  if ('endsAt' in length)
    return { command: 'silences.create', input: { matchers, endsAt: length.endsAt, comment: `silenced until ${length.shown} from the assistant` } };
  return { command: 'silences.create', input: { matchers, duration: length.duration, comment: `silenced for ${length.duration} from the assistant` } };
}

function lengthOf(clause: Clause, clock: LocalClock): Length {
  const duration = clause.durations().find((found) => found.prefix !== 'ago') ?? clause.durations()[0];
  // A length said outright wins over a calendar word beside it ("今天静音 db 两小时": two hours).
  const deadline = deadlineOf(clause, clock) ?? (duration === undefined ? calendarEndOf(clause, clock) : null);
  if (deadline !== null) return { endsAt: deadline, shown: formatLocalIso(deadline, clock.utcOffsetMinutes) };
  return { duration: formatDuration(duration?.ms ?? DEFAULT_SILENCE_MS) };
}

const shown = (length: Length): string => ('endsAt' in length ? `until ${length.shown}` : `for ${length.duration}`);

/**
 * "silence ServiceDown for 2h", "mute db", "把磁盘告警静音两小时": a silence of a rule (by name or
 * topic), of a service's alerts, of both, of a severity, or of everything.
 */
export const silenceIntent: IntentDefinition = {
  name: 'silence',
  triggers: [
    'silence',
    'mute',
    'snooze',
    'quiet',
    'shut up',
    'hush',
    'suppress',
    'stop paging',
    'stop alerting',
    'no more alerts',
    '静音',
    '屏蔽',
    '消音',
    '免打扰',
    '别报',
    '不要报',
    '别吵',
    '别通知',
    '别发告警',
    '别给我发告警',
    '不要发告警',
    '不要给我发告警',
    '不要通知',
    '静默',
    '闭嘴',
  ],
  words: [['verb:pause', ['pause', 'disable', 'mute', 'hold', 'quieten', '暂停', '关掉', '关闭']]],
  acts: true,
  mergeable: true,
  score(clause) {
    if (clause.has('verb:silence')) return 10;
    // "stop alerts for db", "pause notifications about gateway", "turn off the disk alarm"
    // "shut the disk alarm up": the phrasal verb split around its object.
    const stopping = clause.hasAny('verb:stop', 'verb:pause') || (clause.hasWord('turn', 'shut') && clause.hasWord('off', 'up'));
    return stopping && clause.has('alert') ? 9 : 0;
  },
  plan(clause, context): ClausePlan {
    if (clause.negated) return none('The sentence says not to silence anything; nothing to run.');
    const duration = lengthOf(clause, context.clock);
    const { named, byTopic } = clause.rules();
    const targets = clause.serviceTargets();
    const services = targets.names.length > 0 ? targets.names : targets.pronoun ? context.previousServices : [];
    if (byTopic.length > 1 && named.length === 0) {
      return {
        kind: 'question',
        question: `Which alert: ${byTopic.join(' or ')}?`,
        options: byTopic.map((rule): AssistantOption => ({
          label: `Silence ${rule} ${shown(duration)}`,
          commands: [silence([{ name: 'alertname', value: rule }], duration)],
        })),
      };
    }
    const rules = named.length > 0 ? named : byTopic;
    const commands: AssistantCommand[] = [];
    if (rules.length > 0) {
      for (const rule of rules) {
        if (services.length === 0) commands.push(silence([{ name: 'alertname', value: rule }], duration));
        for (const service of services)
          commands.push(
            silence(
              [
                { name: 'alertname', value: rule },
                { name: 'service', value: service },
              ],
              duration,
            ),
          );
      }
    } else if (services.length > 0) {
      for (const service of services) commands.push(silence([{ name: 'service', value: service }], duration));
    } else if (clause.hasAny('severity:critical', 'level:warn')) {
      // "silence all critical alerts", "snooze all warnings": the rules' severity label.
      commands.push(silence([{ name: 'severity', value: clause.has('severity:critical') ? 'critical' : 'warning' }], duration));
    } else if (targets.all) {
      // "silence everything except db": all alerts but those of db.
      const except: Matcher[] =
        targets.except.length === 0
          ? []
          : [
              targets.except.length === 1
                ? { name: 'service', value: targets.except[0] as string, isEqual: false }
                : { name: 'service', value: targets.except.join('|'), isRegex: true, isEqual: false },
            ];
      commands.push(silence([{ name: 'alertname', value: '.+', isRegex: true }, ...except], duration));
    }
    // "restart db then silence for 10m": the service of the command before.
    if (commands.length === 0 && context.follows && context.previousServices.length > 0 && clause.unknownNames('service').length === 0) {
      for (const service of context.previousServices) commands.push(silence([{ name: 'service', value: service }], duration));
    }
    if (commands.length > 0) return { kind: 'commands', commands, services };
    const unknown = clause.unknownNames('service')[0];
    if (unknown !== undefined) {
      const suggestions = [...unknown.suggestions, ...clause.index.resembling(unknown.text, 'rule')];
      if (suggestions.length === 0) return none(`Nothing called "${unknown.text}" to silence: no service or alert rule has that name.`);
      return {
        kind: 'question',
        question: `There is no "${unknown.text}". Did you mean ${suggestions.join(' or ')}?`,
        options: suggestions.map((name) => ({
          label: `Silence ${name} ${shown(duration)}`,
          commands: [silence([{ name: clause.index.names('service').includes(name) ? 'service' : 'alertname', value: name }], duration)],
        })),
      };
    }
    const rulesKnown = clause.vocabulary.rules.map((rule) => rule.name);
    if (rulesKnown.length === 0) return none(`Silence what ${shown(duration)}? This workspace has no alert rules; name a service ${clause.knownServices()}.`);
    return {
      kind: 'question',
      question: `Silence which alert ${shown(duration)}?`,
      options: rulesKnown.map((rule) => ({ label: `Silence ${rule} ${shown(duration)}`, commands: [silence([{ name: 'alertname', value: rule }], duration)] })),
    };
  },
};
