/**
 * `npm run bench assistant`: both halves of the assistant's benchmark — natural-language commands
 * (labelled phrasings) and root cause on real processes. Arguments go to the root-cause half
 * (`npm run bench assistant -- --kind latency`); each half also runs alone (assistant-commands, assistant-rca).
 */
export async function run(args: string[] = []): Promise<void> {
  const commands = await import('./assistant-commands.bench');
  await commands.run();
  const rootCause = await import('./assistant-rca.bench');
  await rootCause.run(args);
}
