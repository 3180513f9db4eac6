import { serviceAction } from './service-action';

export const stopIntent = serviceAction({
  name: 'stop',
  command: 'services.stop',
  verb: 'Stop',
  triggers: [
    'stop',
    'kill',
    'halt',
    'shut down',
    'shutdown',
    'shut off',
    'turn off',
    'take down',
    'spin down',
    'wind down',
    'bring down',
    'power off',
    'terminate',
    '停',
    '停止',
    '停掉',
    '关掉',
    '关闭',
    '关了',
    '停了',
    '杀掉',
    '干掉',
    '停下',
    '关停',
    '停一下',
  ],
  score: (clause) => {
    // "stop alerts for db", "turn off notifications": a silence, not a stop.
    if (clause.has('alert')) return 0;
    if (clause.has('verb:stop')) return 10;
    // Separated phrasal verbs: "take the api down", "shut everything down", "take payments offline".
    return clause.hasSplitVerb(['take', 'shut', 'bring', 'turn', 'power', 'spin'], ['down', 'off', 'offline']) ? 10 : 0;
  },
});
