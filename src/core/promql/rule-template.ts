import type { Labels } from '../store/labels';
import { formatGoFixed, formatGoFloat, formatGoG } from './go-number-format';

/**
 * The part of Go's text/template that Prometheus rule annotations use: `{{ $labels.name }}`,
 * `{{ $value }}`, pipes into humanize/humanizePercentage/humanizeDuration/printf/toUpper/
 * toLower/title, and trim markers. Anything else is an error at load, with its offset, so a
 * template that would fail in Prometheus fails here too.
 */
export interface TemplateData {
  labels: Labels;
  value: number;
}

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

type TemplateValue = string | number | Labels;

type Operand = { kind: 'value' } | { kind: 'labels'; name: string | null } | { kind: 'literal'; value: string | number };

interface Command {
  name: string | null;
  args: Operand[];
  offset: number;
}

type Part = { kind: 'text'; text: string } | { kind: 'action'; pipeline: Command[] };

export interface CompiledTemplate {
  source: string;
  render(data: TemplateData): string;
}

const functions: Record<string, { arity: [number, number]; apply: (args: TemplateValue[]) => string }> = {
  humanize: { arity: [1, 1], apply: ([value]) => humanize(toNumber(value)) },
  humanize1024: { arity: [1, 1], apply: ([value]) => humanize1024(toNumber(value)) },
  humanizePercentage: { arity: [1, 1], apply: ([value]) => `${formatGoG(toNumber(value) * 100, 4)}%` },
  humanizeDuration: { arity: [1, 1], apply: ([value]) => humanizeDuration(toNumber(value)) },
  printf: { arity: [1, 10], apply: ([format, ...rest]) => printf(asText(format), rest) },
  toUpper: { arity: [1, 1], apply: ([value]) => asText(value).toUpperCase() },
  toLower: { arity: [1, 1], apply: ([value]) => asText(value).toLowerCase() },
  title: {
    arity: [1, 1],
    apply: ([value]) => asText(value).replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase()),
  },
};

export const templateFunctionNames = Object.keys(functions);

export function compileTemplate(source: string): CompiledTemplate {
  const parts = parse(source);
  return {
    source,
    render: (data) => parts.map((part) => (part.kind === 'text' ? part.text : runPipeline(part.pipeline, data))).join(''),
  };
}

/** Renders, or gives the error message in place of the text (a template error never stops an alert). */
export function renderSafely(template: CompiledTemplate, data: TemplateData): string {
  try {
    return template.render(data);
  } catch (error) {
    return `<error expanding template: ${(error as Error).message}>`;
  }
}

function parse(source: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  let trimNext = false;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    let text = source.slice(i, open < 0 ? source.length : open);
    if (trimNext) text = text.replace(/^\s+/, '');
    trimNext = false;
    if (open < 0) {
      if (text !== '') parts.push({ kind: 'text', text });
      break;
    }
    const close = source.indexOf('}}', open + 2);
    if (close < 0) throw new TemplateError('unclosed action: "{{" without "}}"', open);
    let bodyStart = open + 2;
    let bodyEnd = close;
    if (source.startsWith('- ', bodyStart) || source.startsWith('-\t', bodyStart)) {
      text = text.replace(/\s+$/, '');
      bodyStart += 1;
    }
    if (source[bodyEnd - 1] === '-' && /\s/.test(source[bodyEnd - 2] ?? '')) {
      trimNext = true;
      bodyEnd -= 1;
    }
    if (text !== '') parts.push({ kind: 'text', text });
    const body = source.slice(bodyStart, bodyEnd);
    if (!/^\s*\/\*[\s\S]*\*\/\s*$/.test(body)) parts.push({ kind: 'action', pipeline: parsePipeline(body, bodyStart) });
    i = close + 2;
  }
  return parts;
}

interface Token {
  text: string;
  offset: number;
}

function tokenize(body: string, base: number): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|"(?:[^"\\]|\\.)*"|`[^`]*`|\||[^\s|"`]+|["`]/gy;
  for (let match = pattern.exec(body); match !== null && match[0] !== ''; match = pattern.exec(body)) {
    if (/^\s+$/.test(match[0])) continue;
    if (match[0] === '"' || match[0] === '`') throw new TemplateError('unterminated string', base + match.index);
    tokens.push({ text: match[0], offset: base + match.index });
  }
  return tokens;
}

const keywords = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);

function parsePipeline(body: string, base: number): Command[] {
  const tokens = tokenize(body, base);
  if (tokens.length === 0) throw new TemplateError('empty action {{ }}', base);
  const first = tokens[0] as Token;
  if (keywords.has(first.text))
    throw new TemplateError(`{{ ${first.text} }} blocks are not supported in rule templates; use $labels, $value and functions like humanize`, first.offset);
  if (first.text.startsWith('$') && tokens[1]?.text === ':=') throw new TemplateError('assigning variables is not supported in rule templates', first.offset);
  const commands: Command[] = [];
  let current: Token[] = [];
  for (const token of [...tokens, { text: '|', offset: base + body.length }]) {
    if (token.text !== '|') {
      current.push(token);
      continue;
    }
    if (current.length === 0) throw new TemplateError('missing command around "|"', token.offset);
    commands.push(parseCommand(current, commands.length > 0));
    current = [];
  }
  return commands;
}

function parseCommand(tokens: Token[], piped: boolean): Command {
  const head = tokens[0] as Token;
  if (/^[A-Za-z_]\w*$/.test(head.text)) {
    const fn = functions[head.text];
    if (fn === undefined) throw new TemplateError(`function "${head.text}" is not defined (known: ${templateFunctionNames.join(', ')})`, head.offset);
    const args = tokens.slice(1).map(parseOperand);
    const count = args.length + (piped ? 1 : 0);
    if (count < fn.arity[0] || count > fn.arity[1])
      throw new TemplateError(
        `${head.text} takes ${fn.arity[0] === fn.arity[1] ? fn.arity[0] : `${fn.arity[0]} to ${fn.arity[1]}`} argument${fn.arity[1] === 1 ? '' : 's'}, got ${count}`,
        head.offset,
      );
    return { name: head.text, args, offset: head.offset };
  }
  if (piped) throw new TemplateError(`"${head.text}" is not a function and cannot take a piped value`, head.offset);
  if (tokens.length > 1) throw new TemplateError(`unexpected "${(tokens[1] as Token).text}" after "${head.text}"`, (tokens[1] as Token).offset);
  return { name: null, args: [parseOperand(head)], offset: head.offset };
}

function parseOperand(token: Token): Operand {
  const text = token.text;
  if (text === '$value' || text === '.Value') return { kind: 'value' };
  if (text === '$labels' || text === '.Labels') return { kind: 'labels', name: null };
  const label = /^(?:\$labels|\.Labels)\.([A-Za-z_]\w*)$/.exec(text);
  if (label !== null) return { kind: 'labels', name: label[1] as string };
  if (text.startsWith('"')) {
    try {
      return { kind: 'literal', value: JSON.parse(text) as string };
    } catch {
      throw new TemplateError(`bad string ${text}`, token.offset);
    }
  }
  if (text.startsWith('`')) return { kind: 'literal', value: text.slice(1, -1) };
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return { kind: 'literal', value: Number(text) };
  if (text.startsWith('$'))
    throw new TemplateError(`undefined variable "${text.split('.')[0] as string}" (rule templates know $labels and $value)`, token.offset);
  if (text.startsWith('.')) throw new TemplateError(`unknown field "${text}" (rule templates know .Labels and .Value)`, token.offset);
  throw new TemplateError(`unexpected "${text}"`, token.offset);
}

function evaluateOperand(operand: Operand, data: TemplateData): TemplateValue {
  switch (operand.kind) {
    case 'value':
      return data.value;
    case 'labels':
      return operand.name === null ? data.labels : (data.labels[operand.name] ?? '');
    case 'literal':
      return operand.value;
  }
}

function runPipeline(pipeline: Command[], data: TemplateData): string {
  let result: TemplateValue | null = null;
  for (const command of pipeline) {
    const args = command.args.map((operand) => evaluateOperand(operand, data));
    if (result !== null) args.push(result);
    result = command.name === null ? (args[0] as TemplateValue) : (functions[command.name] as (typeof functions)[string]).apply(args);
  }
  return asText(result ?? '');
}

function asText(value: TemplateValue | undefined = ''): string {
  if (typeof value === 'number') return formatGoFloat(value);
  if (typeof value === 'string') return value;
  return `map[${Object.keys(value)
    .sort()
    .map((key) => `${key}:${value[key] as string}`)
    .join(' ')}]`;
}

function toNumber(value: TemplateValue | undefined = ''): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const number = Number(value);
    if (value.trim() !== '' && !Number.isNaN(number)) return number;
  }
  throw new Error(`${typeof value === 'string' ? `"${value}"` : 'a label set'} is not a number`);
}

const bigPrefixes = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const smallPrefixes = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];

function humanize(input: number): string {
  let value = input;
  if (value === 0 || !Number.isFinite(value)) return formatGoG(value, 4);
  let prefix = '';
  if (Math.abs(value) >= 1) {
    for (const candidate of bigPrefixes) {
      if (Math.abs(value) < 1000) break;
      prefix = candidate;
      value /= 1000;
    }
  } else {
    for (const candidate of smallPrefixes) {
      if (Math.abs(value) >= 1) break;
      prefix = candidate;
      value *= 1000;
    }
  }
  return `${formatGoG(value, 4)}${prefix}`;
}

function humanize1024(input: number): string {
  let value = input;
  if (Math.abs(value) <= 1 || !Number.isFinite(value)) return formatGoG(value, 4);
  let prefix = '';
  for (const candidate of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(value) < 1024) break;
    prefix = candidate;
    value /= 1024;
  }
  return `${formatGoG(value, 4)}${prefix}`;
}

function humanizeDuration(input: number): string {
  let value = input;
  if (!Number.isFinite(value)) return formatGoG(value, 4);
  if (value === 0) return `${formatGoG(value, 4)}s`;
  if (Math.abs(value) >= 1) {
    const sign = value < 0 ? '-' : '';
    value = Math.abs(value);
    const whole = Math.trunc(value);
    const seconds = whole % 60;
    const minutes = Math.trunc(whole / 60) % 60;
    const hours = Math.trunc(whole / 3600) % 24;
    const days = Math.trunc(whole / 86_400);
    if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${formatGoG(value, 4)}s`;
  }
  let prefix = '';
  for (const candidate of smallPrefixes) {
    if (Math.abs(value) >= 1) break;
    prefix = candidate;
    value *= 1000;
  }
  return `${formatGoG(value, 4)}${prefix}s`;
}

/** %s %v %d %f %.Nf %g %.Ng %q %% — what annotations use. */
function printf(format: string, args: TemplateValue[]): string {
  let index = 0;
  return format
    .replace(/%(?:\.(\d+))?([svdfgq%])/g, (_match, precision: string | undefined, verb: string) => {
      if (verb === '%') return '%';
      if (index >= args.length) return `%!${verb}(MISSING)`;
      const arg = args[index++] as TemplateValue;
      switch (verb) {
        case 'd':
          return typeof arg === 'number' ? String(Math.trunc(arg)) : `%!d(${asText(arg)})`;
        case 'f':
          return typeof arg === 'number' ? formatGoFixed(arg, precision === undefined ? 6 : Number(precision)) : `%!f(${asText(arg)})`;
        case 'g':
          return typeof arg === 'number'
            ? precision === undefined
              ? formatGoFloat(arg)
              : formatGoG(arg, Math.max(1, Number(precision)))
            : `%!g(${asText(arg)})`;
        case 'q':
          return JSON.stringify(asText(arg));
        default:
          return asText(arg);
      }
    })
    .replace(/$/, () => (index < args.length ? `%!(EXTRA ${args.slice(index).map(asText).join(', ')})` : ''));
}
