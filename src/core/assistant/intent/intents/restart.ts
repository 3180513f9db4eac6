import { serviceAction } from './service-action';

export const restartIntent = serviceAction({
  name: 'restart',
  command: 'services.restart',
  verb: 'Restart',
  triggers: ['restart', 're-start', 'reboot', 'bounce', 'recycle', 'cycle', 'kick', 'reload', '重启', '重新启动', '重起', '重开', '重新跑'],
  score: (clause) => (clause.has('verb:restart') ? 10 : 0),
});
