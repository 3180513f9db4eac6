import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import type { ClausePlan, IntentDefinition } from './intent';
import { listedService, listingPlan } from './listed-service';

type InsightKind = 'anomaly' | 'forecast' | 'advice';

/**
 * "is anything anomalous", "show insights for postgres", "when will the disk be full", "any advice":
 * what analysis found, as `insights.list` (the palette opens the Insights page; `zervigo ask`
 * prints them), narrowed to a service and a kind where the sentence says one.
 */
export const showInsightsIntent: IntentDefinition = {
  name: 'insights',
  triggers: [],
  words: [
    ['insights', ['insight', 'insights', 'analysis', '洞察', '分析']],
    ['insight:anomaly', ['anomaly', 'anomalies', 'anomalous', 'unusual', 'abnormal', 'outlier', 'outliers', '异常检测', '不正常']],
    [
      'insight:forecast',
      [
        'forecast',
        'forecasts',
        'prediction',
        'predictions',
        'run out',
        'fill up',
        'be full',
        'fills up',
        '预测',
        '满了',
        '会满',
        '什么时候满',
        '多久满',
        '用完',
        '撑多久',
        '还能用多久',
      ],
    ],
    ['insight:advice', ['advice', 'suggestion', 'suggestions', 'recommendation', 'recommendations', 'tips', '建议', '优化建议']],
  ],
  score(clause) {
    if (clause.hasAny('insight:anomaly', 'insight:forecast', 'insight:advice')) return 7;
    return clause.has('insights') ? 6 : 0;
  },
  plan(clause): ClausePlan {
    const listed = listedService(clause, 'Insights');
    if ('plan' in listed) return listed.plan;
    const { service } = listed;
    const kind: InsightKind | undefined = clause.has('insight:anomaly')
      ? 'anomaly'
      : clause.has('insight:forecast')
        ? 'forecast'
        : clause.has('insight:advice')
          ? 'advice'
          : undefined;
    const command: AssistantCommand = {
      command: 'insights.list',
      input: { ...(service === undefined ? {} : { service }), ...(kind === undefined ? {} : { kind }) },
    };
    return listingPlan({ kind: 'commands', commands: [command] }, service);
  },
};
