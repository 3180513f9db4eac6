/**
 * Full-width letters and punctuation (ａｐｉ，) become plain ones, control characters and runs of
 * spaces go: the same sentence typed on any keyboard reads the same.
 */
export function normalizeText(text: string): string {
  return (
    text
      .normalize('NFKC')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
