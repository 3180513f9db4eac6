import { describe, expect, it } from 'vitest';
import { builtinKinds } from '../../../src/core/builtin-kinds';
import { formatIssue, parseWorkspace } from '../../../src/core/config/parse-workspace';

const parse = (text: string) => parseWorkspace(text, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: { PORT: '1234' }, environment: null });
const problems = (text: string) => {
  const result = parse(text);
  return result.ok ? [] : result.issues.map(formatIssue);
};

describe('replicas and scale in the workspace', () => {
  it('keeps ${REPLICA} and ${PORT} of a replicated service for each replica, and checks its probe targets with them', () => {
    const result = parse(`version: 1
services:
  web:
    start: [node, server.js, --port, "\${PORT}", --name, "web-\${REPLICA}"]
    port: 8080
    replicas: 3
    probes: [{ http: "http://127.0.0.1:\${PORT}/health" }, { tcp: "127.0.0.1:\${PORT}" }]
  other:
    start: [node, other.js, "\${PORT}"]
`);
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
    const web = result.workspace.config.services.web;
    expect(web?.start).toEqual(['node', 'server.js', '--port', '${PORT}', '--name', 'web-${REPLICA}']);
    expect(web?.probes.map((probe) => probe.target)).toEqual(['http://127.0.0.1:${PORT}/health', '127.0.0.1:${PORT}']);
    // A service without replicas reads ${PORT} from the environment, as before.
    expect(result.workspace.config.services.other?.start).toEqual(['node', 'other.js', '1234']);
  });

  it('refuses replicas with tmux, a pid file, or a fixed port, at the key, saying what to do', () => {
    expect(
      problems(`version: 1
services:
  web:
    start: [node, server.js]
    port: 8080
    replicas: 2
    tmux: true
    pid_file: web.pid
`),
    ).toEqual([
      'zervigo.yaml:5:11: services.web.port: replicas: 2 with port: 8080 would start every replica on port 8080; use ${PORT} in start or env (replica i gets port + i - 1: 8080..8081)',
      'zervigo.yaml:7:11: services.web.tmux: replicas: 2 runs each replica as a child process of its own; tmux runs one window per service — remove tmux or replicas',
      "zervigo.yaml:8:15: services.web.pid_file: replicas: 2 cannot share one pid file between replicas; remove pid_file (Zervigo tracks each replica's process)",
    ]);
  });

  it('refuses a scale whose min is above max, or whose rule is not PromQL', () => {
    expect(
      problems(`version: 1
services:
  web:
    start: [node, server.js]
    port: 8080
    scale: { min: 3, max: 2, up: "rate(x[1m]" }
`),
    ).toEqual(['zervigo.yaml:6:45: services.web.scale.up: the expression ends too early']);
    expect(
      problems(`version: 1
services:
  web:
    start: [node, server.js]
    scale: { min: 3, max: 2, up: "vector(1)" }
`),
    ).toEqual(['zervigo.yaml:5:19: services.web.scale.min: min (3) is above max (2)']);
  });
});
