import tls from 'node:tls';

/**
 * Whether host:port of an http:// URL answers a TLS handshake: a TLS-only agent reached with
 * http:// just closes the connection, which would otherwise read as "unreachable". Only the
 * handshake is tried (its certificate is not trusted or used for anything), within `timeoutMs`.
 */
export function speaksTls(url: string, timeoutMs = 2_000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = tls.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 80), rejectUnauthorized: false, timeout: timeoutMs });
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}
