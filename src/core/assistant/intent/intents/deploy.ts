import type { AssistantCommand } from '../../../../shared/contract/assistant-plan';
import type { Clause } from '../clause';
import type { Word } from '../sentence';
import { deployTarget } from './deploy-target';
import { none, type IntentDefinition } from './intent';
import { notNowOrElsewhere } from './service-action';

/** What a git ref looks like when it is not said to be one: a version tag, a commit, a path-like branch. */
const REF_SHAPES = [/^v\d+(\.\d+)*([-+.][\w.]+)?$/i, /^(?=[0-9a-f]*\d)[0-9a-f]{7,40}$/i, /^[\w.-]+\/[\w./-]+$/];
const COMMON_BRANCHES = new Set(['main', 'master', 'trunk']);
/** A ref as the contract accepts it (deploys.start's gitRef). */
const VALID_REF = /^[^\s~^:?*[\\]+$/;

/**
 * The git ref a sentence names, if any: quoted, after "branch"/"tag"/"at"/"版本", or shaped like
 * one (v1.2.0, 3f2a9c1, feature/login, main). Words that are names or known words are not refs.
 */
function refWords(clause: Clause): Word[] {
  return clause.words.filter((word, i) => {
    if (word.usedBy !== null || word.entities.length > 0) return false;
    const text = word.token.kind === 'quoted' ? word.token.lower : word.token.text;
    if (!VALID_REF.test(text) || text.startsWith('-')) return false;
    if (word.token.kind === 'quoted') return true;
    if (word.token.kind !== 'word' && word.token.kind !== 'number') return false;
    const before = clause.words[i - 1];
    if (before !== undefined && (before.concepts.has('ref-noun') || before.token.lower === 'at' || before.token.lower === '@')) return word.concepts.size === 0;
    return word.concepts.size === 0 && (REF_SHAPES.some((shape) => shape.test(text)) || COMMON_BRANCHES.has(word.token.lower));
  });
}

/**
 * "deploy api", "ship web v1.4.0", "deploy branch feature/login to api", "部署 api", "把 web 发布到
 * 生产": deploys.start for one service with a `deploy:` section, with the ref when one is said.
 */
export const deployIntent: IntentDefinition = {
  name: 'deploy',
  triggers: ['deploy', 'redeploy', 're-deploy', 'ship', 'roll out', 'rollout', 'release', 'push out', '部署', '重新部署', '发布', '上线', '发版'],
  words: [['ref-noun', ['branch', 'tag', 'ref', 'commit', 'version', 'revision', 'sha', '分支', '版本', '标签', '提交']]],
  acts: true,
  score: (clause) => (clause.has('verb:deploy') ? 10 : 0),
  plan(clause, context) {
    if (clause.negated) return none('The sentence says not to deploy; nothing to run.');
    const refs = refWords(clause);
    if (refs.length > 1) return none(`Deploy one ref at a time: ${refs.map((word) => word.token.text).join(' or ')}?`);
    const ref = refs[0] === undefined ? undefined : refs[0].token.kind === 'quoted' ? refs[0].token.lower : refs[0].token.text;
    const make = (service: string): AssistantCommand => ({ command: 'deploys.start', input: { service, ...(ref === undefined ? {} : { ref }) } });
    const target = deployTarget(clause, context, 'Deploy', make, new Set(refs));
    if (target.kind === 'plan') return target.plan;
    const label = `Deploy ${target.service}${ref === undefined ? '' : ` at ${ref}`}`;
    return (
      notNowOrElsewhere(clause, context, label, [make(target.service)], [target.service]) ?? {
        kind: 'commands',
        commands: [make(target.service)],
        services: [target.service],
      }
    );
  },
};
