'use strict';
/**
 * An HTTP call as a rule's action (then: [{ http-call: { url, method, headers, body } }]): a restart
 * hook, a deploy API, a runbook endpoint. Zervigo fills {{ $labels.x }} and {{ $value }} in the
 * options before the call. Runs in a process of its own under Zervigo.
 */
module.exports = {
  actions: {
    'http-call': {
      async run(options, input, { signal }) {
        const method = options.method ?? 'POST';
        const hasBody = method !== 'GET' && method !== 'HEAD';
        const body = !hasBody
          ? undefined
          : typeof options.body === 'string'
            ? options.body
            : JSON.stringify(options.body ?? { rule: input.rule, service: input.service, labels: input.labels, value: input.value });
        const response = await fetch(options.url, {
          method,
          headers: {
            ...(hasBody && typeof options.body !== 'string' ? { 'content-type': 'application/json' } : {}),
            'user-agent': 'Zervigo',
            ...options.headers,
          },
          body,
          signal,
          redirect: 'error',
        });
        const text = (await response.text().catch(() => '')).slice(0, 200).trim();
        const expected = options.expect_status ?? [];
        const ok = expected.length > 0 ? expected.includes(response.status) : response.ok;
        const url = new URL(options.url);
        const said = `${method} ${url.origin}${url.pathname}: HTTP ${response.status}${text === '' ? '' : ` ${text}`}`;
        if (!ok) throw new Error(said);
        return { message: said };
      },
    },
  },
};
