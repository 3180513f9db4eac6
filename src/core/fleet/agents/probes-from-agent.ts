import { isSeq, LineCounter, type Node } from 'yaml';
import type { ActiveWorkspace } from '../../config/active-workspace';
import { fileLabel } from '../../config/active-workspace';
import { parseYamlDocument } from '../../config/yaml-document';
import type { ProbeConfig } from '../../config/schema';

/** A probe of the workspace that runs on an agent (its `from:` names it), and where that is written. */
export interface ProbeFromAgent {
  probe: string;
  /** file:line:col of the agent's name in the probe's `from:`. */
  at: string;
}

/**
 * The probes whose `from:` names this agent, each with the file:line:col of that name: what
 * removing the agent would leave checking from nowhere.
 */
export function probesFromAgent(
  active: ActiveWorkspace | null,
  agent: string,
  probeId: (service: string, probe: ProbeConfig, index: number) => string,
): ProbeFromAgent[] {
  if (active === null) return [];
  const found: { service: string; index: number; probe: string }[] = [];
  for (const [service, config] of Object.entries(active.config.services))
    config.probes.forEach((probe, index) => {
      if (probe.from?.includes(agent) === true) found.push({ service, index, probe: probeId(service, probe, index) });
    });
  if (found.length === 0) return [];
  const lineCounter = new LineCounter();
  const document = parseYamlDocument(active.content, { lineCounter });
  const file = fileLabel(active.path);
  return found.map(({ service, index, probe }) => {
    const from = document.getIn(['services', service, 'probes', index, 'from'], true) as Node | undefined;
    const name = isSeq(from) ? (from.items.find((item) => (item as { value?: unknown }).value === agent) as Node | undefined) : undefined;
    const offset = (name ?? from)?.range?.[0];
    if (offset === undefined) return { probe, at: file };
    const { line, col } = lineCounter.linePos(offset);
    return { probe, at: `${file}:${line}:${col}` };
  });
}
