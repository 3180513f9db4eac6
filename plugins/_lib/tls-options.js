'use strict';
/**
 * Not a plugin: the `tls` option the database probe plugins share, bundled into each by
 * scripts/pack-plugin.js. `tls: true` connects with TLS trusting the system's CAs; an object sets
 * `ca` (trust only this CA), `cert` and `key` (a client certificate), `insecure` (accept any
 * certificate) and `servername`. The engine reads the ca, cert and key files for the plugin (its
 * manifest lists them under `files`), so they arrive here as PEM text.
 */
const net = require('node:net');

/** node:tls connect options from the probe's `tls` option, or null for a plain connection. */
function tlsOptions(option, host) {
  if (option === undefined || option === false) return null;
  const given = option === true ? {} : option;
  const options = { rejectUnauthorized: given.insecure !== true };
  if (given.ca !== undefined) options.ca = given.ca;
  if (given.cert !== undefined) options.cert = given.cert;
  if (given.key !== undefined) options.key = given.key;
  // SNI carries names only, never an IP address.
  const servername = given.servername ?? (net.isIP(host) === 0 ? host : undefined);
  if (servername !== undefined) options.servername = servername;
  return options;
}

/** Node's messages for the verification failures, by the code it gives them. */
const CODE_OF_MESSAGE = {
  'self-signed certificate': 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'self-signed certificate in certificate chain': 'SELF_SIGNED_CERT_IN_CHAIN',
  'unable to verify the first certificate': 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'unable to get local issuer certificate': 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'certificate has expired': 'CERT_HAS_EXPIRED',
  'certificate is not yet valid': 'CERT_NOT_YET_VALID',
};

/** What a TLS failure means for the person setting the probe up, or null when it is not one Node names by code. */
function tlsReason(error, target) {
  // A driver may replace Node's code with its own (mysql2: HANDSHAKE_SSL_ERROR): then OpenSSL's words say which.
  const code = CODE_OF_MESSAGE[String((error && error.message) || '')] ?? (error && error.code);
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return `the TLS certificate of ${target} is self-signed, so it is not trusted (set tls.ca to the certificate that signed it, or tls.insecure: true)`;
    // The chain ends at a CA of its own (sent along with it): a private CA.
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
      return `the TLS certificate of ${target} is signed by a CA this probe does not trust (set tls.ca to that CA's certificate)`;
    case 'CERT_HAS_EXPIRED':
      return `the TLS certificate of ${target} has expired`;
    case 'CERT_NOT_YET_VALID':
      return `the TLS certificate of ${target} is not valid yet`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the TLS certificate of ${target} is not for that name (${String(error.reason || error.message).slice(0, 160)}; set tls.servername to a name it is for)`;
    case 'ERR_OSSL_X509_KEY_VALUES_MISMATCH':
      return 'tls.key is not the key of tls.cert';
    default:
      break;
  }
  const message = String((error && error.message) || '');
  if (/certificate required|alert number 116/i.test(message)) return `${target} asks for a client certificate: set tls.cert and tls.key`;
  if (/unknown ca|alert number 48/i.test(message)) return `${target} does not trust the client certificate (tls.cert is not signed by a CA it accepts)`;
  if (/bad certificate|alert number 42/i.test(message)) return `${target} refused the client certificate (tls.cert)`;
  if (typeof code === 'string' && code.startsWith('ERR_SSL_')) return `the TLS handshake with ${target} failed (${code})`;
  return null;
}

/** The JSON Schema of the `tls` option, for a plugin's manifest (kept here so the three stay alike; the manifests copy it). */
const TLS_SCHEMA = {
  type: ['boolean', 'object'],
  additionalProperties: false,
  properties: {
    ca: { type: 'string', minLength: 1, description: 'A PEM file of the CA(s) to trust instead of the system ones.' },
    cert: { type: 'string', minLength: 1, description: 'A PEM client certificate (with key).' },
    key: { type: 'string', minLength: 1, description: 'The PEM key of cert.' },
    insecure: { type: 'boolean', description: 'Accept a certificate that is self-signed, for another name or expired.' },
    servername: { type: 'string', minLength: 1, maxLength: 253, description: 'The name to check the certificate against (default: host).' },
  },
  dependencies: { cert: ['key'], key: ['cert'] },
};

module.exports = { tlsOptions, tlsReason, TLS_SCHEMA };
