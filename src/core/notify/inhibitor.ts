import type { InhibitConfig } from '../config/schema';
import type { Labels } from '../store/labels';
import { compileLabelMatch } from './label-match';

interface CompiledInhibit {
  source: (labels: Labels) => boolean;
  target: (labels: Labels) => boolean;
  equal: string[];
}

export interface InhibitCandidate {
  fingerprint: string;
  labels: Labels;
}

/**
 * Inhibition rules, as in Alertmanager: while an alert matching a rule's source fires, alerts
 * matching its target that share the `equal` labels are held back ("host down" hides the alerts
 * of that host's services). An alert never inhibits itself.
 */
export class Inhibitor {
  private rules: CompiledInhibit[] = [];

  setRules(rules: readonly InhibitConfig[]): void {
    this.rules = rules.map((rule) => ({
      source: compileLabelMatch(rule.source_match, rule.source_match_re),
      target: compileLabelMatch(rule.target_match, rule.target_match_re),
      equal: rule.equal,
    }));
  }

  /** For each alert, the fingerprints of the firing alerts inhibiting it (absent when none). */
  inhibitions(firing: readonly InhibitCandidate[], candidates: readonly InhibitCandidate[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    if (this.rules.length === 0) return out;
    for (const rule of this.rules) {
      const sources = new Map<string, string[]>();
      for (const source of firing) {
        if (!rule.source(source.labels)) continue;
        const key = rule.equal.map((name) => source.labels[name] ?? '').join('\u0000');
        sources.set(key, [...(sources.get(key) ?? []), source.fingerprint]);
      }
      if (sources.size === 0) continue;
      for (const target of candidates) {
        if (!rule.target(target.labels)) continue;
        const by = (sources.get(rule.equal.map((name) => target.labels[name] ?? '').join('\u0000')) ?? []).filter(
          (fingerprint) => fingerprint !== target.fingerprint,
        );
        if (by.length > 0) out.set(target.fingerprint, [...new Set([...(out.get(target.fingerprint) ?? []), ...by])]);
      }
    }
    return out;
  }
}
