import type { SpotlightActionData, SpotlightActionGroupData, SpotlightFilterFunction } from '@mantine/spotlight';
import { ASSISTANT_GROUP } from './assistant/assistant-actions';

type SpotlightActions = SpotlightActionData | SpotlightActionGroupData;
type Flat = SpotlightActionData & { group?: string };

function flatten(data: readonly SpotlightActions[]): Flat[] {
  return data.flatMap((item) => ('actions' in item ? item.actions.map((action) => ({ ...action, group: item.group })) : [item as Flat]));
}

function regroup(actions: readonly Flat[]): SpotlightActions[] {
  const groups = new Map<string, SpotlightActionGroupData>();
  const result: SpotlightActions[] = [];
  for (const action of actions) {
    if (action.group === undefined) {
      result.push(action);
      continue;
    }
    let group = groups.get(action.group);
    if (group === undefined) {
      group = { group: action.group, actions: [] };
      groups.set(action.group, group);
      result.push(group);
    }
    group.actions.push(action);
  }
  return result;
}

const keywordText = (keywords: SpotlightActionData['keywords']): string =>
  (Array.isArray(keywords) ? keywords.map((keyword) => keyword.trim()).join(',') : (keywords ?? '')).toLowerCase();

/**
 * Mantine's own matching (label first, then description and keywords), with the assistant's
 * reading of the sentence always on top: it was worked out for exactly this text.
 */
export const paletteFilter: SpotlightFilterFunction = (text, data) => {
  const query = text.trim().toLowerCase();
  const assistant: Flat[] = [];
  const byLabel: Flat[] = [];
  const byOther: Flat[] = [];
  for (const item of flatten(data)) {
    if (item.group === ASSISTANT_GROUP) assistant.push(item);
    else if (item.label?.toLowerCase().includes(query) === true) byLabel.push(item);
    else if (item.description?.toLowerCase().includes(query) === true || keywordText(item.keywords).includes(query)) byOther.push(item);
  }
  return regroup([...assistant, ...byLabel, ...byOther]);
};
