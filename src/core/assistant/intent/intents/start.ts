import type { Clause } from '../clause';
import { serviceAction } from './service-action';

/** "bring everything back up", "get auth running again": a start said without its verb. */
export const bringsBackUp = (clause: Clause): boolean => clause.has('state:running') && clause.hasWord('get', 'bring', 'spin', 'boot', 'power', 'fire');

export const startIntent = serviceAction({
  name: 'start',
  command: 'services.start',
  verb: 'Start',
  triggers: [
    'start',
    'started',
    'launch',
    'boot',
    'bring up',
    'spin up',
    'fire up',
    'boot up',
    'start up',
    'power on',
    'turn on',
    '启动',
    '开启',
    '拉起',
    '启起来',
    '跑起来',
    '开起来',
    '起一下',
    '拉起来',
    '启',
  ],
  words: [['state:running', ['running', 'up and running', 'back up', 'back online', 'online']]],
  score: (clause) => {
    // "turn alerts back on": the alerts' (unsilence.ts), not a service's start.
    if (clause.has('alert') && !clause.has('verb:start')) return 0;
    if (clause.has('verb:start')) return 10;
    if (clause.hasSplitVerb(['bring', 'spin', 'fire', 'boot', 'power', 'turn'], ['up', 'on'])) return 10;
    // "bring it back", "bring storefront back online".
    if (clause.hasSplitVerb(['bring', 'get'], ['back'])) return 9;
    return bringsBackUp(clause) ? 6 : 0;
  },
  // "bring everything back up" is not a backup ("back up").
  askedWithoutVerb: bringsBackUp,
});
