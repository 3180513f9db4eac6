/** The start of a text on one line, quoted for a reason ("it begins ..."); null when empty. */
export function excerptOf(text: string, max = 60): string | null {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return null;
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max - 3)}...` : flat);
}
