/** The Authorization header of a client config's basic_auth, if it has one. */
export function authorizationHeaders(config: { basic_auth?: { username: string; password: string } | undefined }): Record<string, string> {
  if (config.basic_auth === undefined) return {};
  const credentials = Buffer.from(`${config.basic_auth.username}:${config.basic_auth.password}`, 'utf8').toString('base64');
  return { authorization: `Basic ${credentials}` };
}
