import { serviceAction } from './service-action';

export const resetIntent = serviceAction({
  name: 'reset',
  command: 'services.reset',
  verb: 'Reset',
  triggers: ['reset', 'clear failures', 'forget failures', '重置', '复位'],
  score: (clause) => (clause.has('verb:reset') ? 10 : 0),
  allWhenGivenUp: true,
});
