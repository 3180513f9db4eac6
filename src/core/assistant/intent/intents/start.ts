import { serviceAction } from './service-action';

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
    if (clause.has('verb:start')) return 10;
    if (clause.hasWord('bring', 'spin', 'fire', 'boot', 'power', 'turn') && clause.hasWord('up', 'on')) return 10;
    // "get auth running again", "bring everything back up"
    return clause.has('state:running') && clause.hasWord('get', 'bring') ? 6 : 0;
  },
  // "bring everything back up" is not a backup ("back up", a verb Zervigo cannot do).
  askedWithoutVerb: (clause) => clause.has('state:running') && clause.hasWord('get', 'bring'),
});
