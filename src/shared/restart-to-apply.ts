/** How a start setting edited while a service runs is said everywhere: "restart to apply (start, env.PORT changed)". */
export function restartToApplyText(fields: readonly string[]): string {
  return `restart to apply (${fields.join(', ')} changed)`;
}
