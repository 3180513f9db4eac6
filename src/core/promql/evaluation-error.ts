/** A failure while evaluating (not parsing) an expression, e.g. ambiguous vector matching. */
export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationError';
  }
}
