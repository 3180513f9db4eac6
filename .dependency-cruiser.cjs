/**
 * The layering map, enforced (`npm run lint` runs it; docs/architecture.md explains it).
 *
 * Arrows run one way: shells (main, server, cli, preload) → engine.ts → services → parts → config →
 * promql → store → process → the core's base files → shared. A part that must call a sibling gets
 * a port from engine.ts instead of an import. `parts` below lists, for every folder of src/core,
 * the folders it may import; the map must stay acyclic (checked when this file loads), so folder
 * cycles cannot come back, and `no-circular` refuses file cycles.
 */

/** Folder of src/core → the folders of src/core it may import (besides itself, the base files and shared). */
const parts = {
  process: [],
  store: [],
  promql: ['store'],
  config: ['store', 'promql'],
  query: ['store', 'promql'],
  analysis: ['config', 'store', 'promql'],
  auth: ['store'],
  // How one service starts, stops, restarts and heals: the library under the services part, sessions and actions.
  lifecycle: ['config', 'store', 'process'],
  monitoring: ['config', 'store', 'promql', 'query', 'process', 'lifecycle'],
  rules: ['config', 'store', 'promql'],
  notify: ['config', 'store'],
  logs: ['config', 'store', 'process'],
  sessions: ['config', 'store', 'process', 'lifecycle'],
  actions: ['config', 'store', 'process', 'lifecycle'],
  // The assistant reads sentences into commands and answers from the workspace and the contract's read commands (a model's look-ups masked through auth); a rule is charted as Explore graphs it (promql's threshold split).
  assistant: ['config', 'lifecycle', 'auth', 'promql'],
  // Incidents and their ranked causes: series, alerts, audit and log patterns (store), analysis' robust statistics.
  incidents: ['config', 'store', 'analysis'],
  services: ['config', 'store', 'process', 'lifecycle', 'sessions', 'actions'],
  plugins: ['config', 'store', 'process'],
  fleet: ['config', 'store', 'promql', 'monitoring', 'notify', 'rules', 'auth'],
  // Reports read the rollups, alert and audit history (store), log patterns (logs), SLOs (config); they send through notify and check the caller's permission (auth).
  reports: ['config', 'store', 'logs', 'notify', 'auth'],
  automation: ['config', 'store', 'process'],
  // The public status page keeps its notes in the store and reads services, checks and availability through ports.
  'status-page': ['config', 'store'],
  // On-call: schedules are pure time over the config; escalations keep their timers in the store and page through ports (notify's outbox, the people in auth).
  oncall: ['config', 'store'],
  deploy: ['config', 'store', 'process', 'automation'],
};

/** Files at the root of src/core that wire parts together; no part imports them. */
const wiring = [
  'engine',
  'engine-options',
  'engine-order',
  'command-table',
  'services-ports',
  'automation-ports',
  'oncall-ports',
  'insight-alert-port',
  'incidents-ports',
  'status-page-ports',
  'builtin-kinds',
  'plugin-kind-registration',
  'workspace-host',
];

function assertAcyclic(graph) {
  const state = new Map();
  const visit = (node, trail) => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'open') throw new Error(`.dependency-cruiser.cjs: the layering map has a cycle: ${[...trail, node].join(' → ')}`);
    state.set(node, 'open');
    for (const next of graph[node] ?? []) {
      if (!(next in graph)) throw new Error(`.dependency-cruiser.cjs: ${node} may import ${next}, which the map does not list`);
      visit(next, [...trail, node]);
    }
    state.set(node, 'done');
  };
  for (const node of Object.keys(graph)) visit(node, []);
}
assertAcyclic(parts);

const partRules = Object.entries(parts).map(([part, allowed]) => ({
  name: `core-${part}-arrows`,
  comment: `src/core/${part}/ may import only ${allowed.length > 0 ? allowed.join(', ') : 'no other part'} (plus the core's base files and shared); a sibling is reached through a port from engine.ts.`,
  severity: 'error',
  from: { path: `^src/core/${part}/` },
  to: { path: '^src/core/[^/]+/', pathNot: [`^src/core/(${[part, ...allowed].join('|')})/`] },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'No file cycles. Type-only cycles are allowed: the contract describes commands whose outputs name commands (the assistant plan), which no runtime ordering can break.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'core-folder-unplaced',
      comment: 'Every folder of src/core has a place in the layering map (.dependency-cruiser.cjs `parts`).',
      severity: 'error',
      from: { path: '^src/core/[^/]+/', pathNot: `^src/core/(${Object.keys(parts).join('|')})/` },
      to: { path: '^src/core/' },
    },
    ...partRules,
    {
      name: 'parts-never-import-wiring',
      comment: 'engine.ts and services-ports.ts list the parts and the ports between them; no part imports them.',
      severity: 'error',
      from: { path: '^src/core/[^/]+/' },
      to: { path: `^src/core/(${wiring.join('|')})\\.ts$` },
    },
    {
      name: 'core-base-imports-no-part',
      comment:
        'The base files at the root of src/core (clock, logger, event bus, ...) sit below every part; only the wiring files import parts (and the dispatcher, which checks permissions through auth/ in one place).',
      severity: 'error',
      from: { path: '^src/core/[^/]+\\.ts$', pathNot: [`^src/core/(${wiring.join('|')})\\.ts$`, '^src/core/(app-commands|instance-lock|dispatch)\\.ts$'] },
      to: { path: '^src/core/[^/]+/' },
    },
    {
      name: 'core-never-imports-shells',
      comment: 'The engine is plain Node: never electron, never a shell or the renderer.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: ['^src/(main|preload|renderer|server|cli)/', '^electron$', 'node_modules/electron/'] },
    },
    {
      name: 'shared-imports-only-shared',
      comment: 'src/shared is the contract: the renderer imports it, so it imports nothing from Node, Electron, the engine or a shell.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { pathNot: '^src/shared/|node_modules/(zod|@types/node)/' },
    },
    {
      name: 'shared-no-node-builtins',
      comment: 'src/shared runs in the browser too.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-and-preload-know-only-shared',
      comment: 'The renderer talks to a Bridge and the preload script exposes the contract over IPC: both know shared, never the engine or a shell.',
      severity: 'error',
      from: { path: '^src/(renderer|preload)/' },
      to: { path: '^src/(core|main|preload|renderer|server|cli)/', pathNot: '^src/$1/' },
    },
    {
      name: 'shells-stay-apart',
      comment:
        'The desktop shell and the headless server use the engine and shared, not each other; the CLI may start the server (zervigo serve) but no shell imports the CLI.',
      severity: 'error',
      from: { path: '^src/(main|server|cli)/' },
      to: { path: '^src/(main|server|cli)/', pathNot: ['^src/$1/', '^src/server/'] },
    },
    {
      name: 'server-is-not-desktop',
      comment: 'The headless server runs without Electron.',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: ['^src/main/', '^electron$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
