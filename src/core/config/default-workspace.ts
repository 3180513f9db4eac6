/**
 * Used when there is no zervigo.yaml in the current folder: it watches this machine, so the
 * console shows real data at once. `zervigo init` writes it out as a file to edit.
 */
export const DEFAULT_WORKSPACE_NAME = '(built-in) this machine';

export const defaultWorkspaceYaml = `# Zervigo workspace — https://github.com/zervigo/zervigo
# This built-in workspace watches this machine. Run \`zervigo init\` to write it to ./zervigo.yaml,
# then declare your services below; the console reloads the file as you save it.
version: 1
name: this machine

machine:
  every: 5s

services: {}
#  api:
#    start: node server.js
#    cwd: ./api
#    env: { PORT: "8080" }
#    probes:
#      - http: http://127.0.0.1:8080/health
#        every: 10s

rules:
  - alert: HighCpu
    expr: system_cpu_usage_percent > 90
    for: 5m
    labels: { severity: warning }
    annotations: { summary: "CPU at {{ $value }}% for 5 minutes" }
  - alert: HighMemory
    expr: system_memory_usage_percent > 90
    for: 5m
    labels: { severity: warning }
    annotations: { summary: "Memory at {{ $value }}% for 5 minutes" }
  - alert: DiskAlmostFull
    expr: system_disk_free_percent < 10
    for: 1m
    labels: { severity: critical }
    annotations: { summary: "{{ $labels.mountpoint }} has {{ $value }}% free" }

routes:
  - notify: [desktop]

channels:
  desktop: { desktop: true }
`;
