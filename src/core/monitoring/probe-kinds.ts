import { KindRegistry } from '../kind-registry';
import { commandProbe } from './kinds/command-probe';
import { fileProbe } from './kinds/file-probe';
import { httpProbe } from './kinds/http-probe';
import { pluginProbe } from './kinds/plugin-probe';
import { processProbe } from './kinds/process-probe';
import { prometheusProbe } from './kinds/prometheus-probe';
import { tcpProbe } from './kinds/tcp-probe';
import { tlsProbe } from './kinds/tls-probe';
import { tmuxProbe } from './kinds/tmux-probe';
import type { ProbeKind } from './probe-kind';

/** The probe kinds Zervigo ships, in the order the schema and its messages list them. A new kind is one file and one line here. */
export const builtinProbeKinds: readonly ProbeKind[] = [
  httpProbe,
  tcpProbe,
  processProbe,
  commandProbe,
  tmuxProbe,
  prometheusProbe,
  tlsProbe,
  fileProbe,
  pluginProbe,
];

export type ProbeKindRegistry = KindRegistry<ProbeKind>;

/** A registry holding the built-in probe kinds; plugins register theirs into it. */
export function createProbeKindRegistry(): ProbeKindRegistry {
  return new KindRegistry('probe', builtinProbeKinds);
}
