import type { EscalationNextStep } from './types/oncall';

/**
 * What an escalation does when its level's time runs out unacknowledged. `level` is the 0-based
 * level paged last and `round` the 0-based round; `repeat` is the policy's count of rounds after
 * the first. Mirrors the escalator's advance: the next level, else level 1 again while rounds
 * remain, else nothing further (it ends as not acknowledged).
 */
export function nextStepOf(level: number, round: number, levels: number, repeat: number): EscalationNextStep {
  if (level + 1 < levels) return { kind: 'level', level: level + 2 };
  if (round < repeat) return { kind: 'repeat', round: round + 2, rounds: repeat + 1 };
  return { kind: 'end' };
}

/** The step in words, to be followed by when ("in 28 min", "at 14:02"). */
export function nextStepWords(next: EscalationNextStep): string {
  switch (next.kind) {
    case 'level':
      return `level ${next.level} paged`;
    case 'repeat':
      return `starts again at level 1 (round ${next.round} of ${next.rounds})`;
    case 'end':
      return 'no level after this one: ends unacknowledged';
  }
}
