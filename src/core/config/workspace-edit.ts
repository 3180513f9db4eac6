import { isMap, isPair, isScalar, isSeq, parseDocument, Scalar, stringify, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { ZervigoError } from '../../shared/errors';
import type { WorkspaceEdit, WorkspacePath } from '../../shared/types/workspace';

/**
 * Changes some values of a workspace text and leaves every other byte as it was: comments,
 * blank lines, quoting, the alignment people give their files. The yaml Document gives each
 * node's place in the text; only the places an edit touches are rewritten, in the style they
 * were written in (a `{ … }` stays on its line, a block stays a block). Re-serializing the whole
 * Document would move comments and undo alignment, so it is never done.
 *
 * A value that is a mapping is merged key by key into the mapping already there: an edit of one
 * channel's URL changes that one line, not the channel's whole entry.
 */
export function applyWorkspaceEdits(text: string, edits: readonly WorkspaceEdit[]): string {
  let out = text;
  for (const edit of edits) {
    for (const step of stepsOf(parse(out), edit)) out = applyStep(out, step);
  }
  return out;
}

type Step = { kind: 'set'; path: WorkspacePath; value: unknown } | { kind: 'delete'; path: WorkspacePath };

function parse(text: string): Document {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) throw new ZervigoError('invalid_input', 'the workspace file does not parse as YAML; fix it in the editor first (Config)');
  if (doc.contents !== null && !isMap(doc.contents)) throw new ZervigoError('invalid_input', 'the workspace must be a mapping of keys');
  return doc;
}

/** The smallest set of changes that turns what is at the path into the value. */
function stepsOf(doc: Document, edit: WorkspaceEdit): Step[] {
  if ('delete' in edit) return doc.hasIn(edit.path) ? [{ kind: 'delete', path: edit.path }] : [];
  const steps: Step[] = [];
  const walk = (path: WorkspacePath, value: unknown): void => {
    const node = doc.getIn(path, true) as Node | undefined;
    if (node !== undefined && sameValue(toJs(node), value)) return;
    if (isMap(node) && isPlainObject(value) && Object.keys(value).length > 0) {
      for (const pair of node.items) {
        const key = keyOf(pair);
        if (key !== null && !Object.hasOwn(value, key)) steps.push({ kind: 'delete', path: [...path, key] });
      }
      for (const [key, child] of Object.entries(value)) {
        if (child === undefined) steps.push({ kind: 'delete', path: [...path, key] });
        else walk([...path, key], child);
      }
      return;
    }
    steps.push({ kind: 'set', path, value });
  };
  walk(edit.path, edit.value);
  return steps;
}

function applyStep(text: string, step: Step): string {
  const doc = parse(text);
  return step.kind === 'delete' ? deleteAt(text, doc, step.path) : setAt(text, doc, step.path, step.value);
}

function setAt(text: string, doc: Document, path: WorkspacePath, value: unknown): string {
  const existing = doc.getIn(path, true) as Node | undefined;
  if (existing !== undefined && existing !== null && existing.range) return replaceNode(text, existing, path, doc, value);
  // Find the deepest collection that exists and nest the rest of the path into the value.
  for (let depth = path.length - 1; depth >= 0; depth--) {
    const parentPath = path.slice(0, depth);
    const parent = depth === 0 ? doc.contents : (doc.getIn(parentPath, true) as Node | undefined);
    if (parent === undefined || parent === null) continue;
    const key = path[depth] as string | number;
    const nested = nest(path.slice(depth + 1), value);
    if (isMap(parent)) return insertPair(text, parent, String(key), nested);
    if (isSeq(parent)) return appendItem(text, parent, nested);
    throw new ZervigoError('invalid_input', `${describePath(parentPath)} is not a mapping or a list; edit it in the editor`);
  }
  // An empty file: the value becomes its first key.
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${renderPair(String(path[0]), nest(path.slice(1), value), 0)}`;
}

function nest(rest: WorkspacePath, value: unknown): unknown {
  return rest.reduceRight<unknown>((inner, key) => (typeof key === 'number' ? [inner] : { [key]: inner }), value);
}

/** Replaces a node in place: a flow or plain value stays on its line, a block is written as a block at its indentation. */
function replaceNode(text: string, node: Node, path: WorkspacePath, doc: Document, value: unknown): string {
  const [start, end] = node.range as [number, number, number];
  if (isScalar(node) && !isCollection(value)) return splice(text, start, end, renderScalar(value, node));
  const flowParent = isInsideFlow(doc, path);
  const block = (isMap(node) || isSeq(node)) && !node.flow;
  if (block && !flowParent && (!isCollection(value) || isEmptyCollection(value))) {
    // `key:` and a block under it becomes `key: {}` (or `key: value`) on the key's line.
    const ownLine = text.slice(text.lastIndexOf('\n', start - 1) + 1, start).trim() === '';
    const colon = ownLine ? text.lastIndexOf(':', start) : -1;
    return colon < 0 ? splice(text, start, end, `${renderFlow(value)}\n`) : splice(text, colon + 1, end, ` ${renderFlow(value)}\n`);
  }
  if (block && !flowParent) {
    const indent = columnOf(text, start);
    return splice(text, start, end, indentLines(renderBlock(value), indent).slice(indent));
  }
  const flow = renderFlow(value);
  if (flowParent || flow.length <= 100 || !isCollection(value)) return splice(text, start, end, flow);
  // A long value in place of a flow one under a block key: a block under the key.
  const indent = keyColumnOf(text, start) + 2;
  return splice(text, start, end, `\n${indentLines(renderBlock(value), indent)}`.replace(/\n$/, ''));
}

function insertPair(text: string, map: YAMLMap, key: string, value: unknown): string {
  const [start, end] = map.range as [number, number, number];
  if (map.flow) {
    const entry = `${key}: ${renderFlow(value)}`;
    if (map.items.length === 0) return splice(text, start, end, `{ ${entry} }`);
    const last = map.items.at(-1) as Pair<Node, Node | null>;
    const after = (last.value ?? last.key).range?.[1] as number;
    return splice(text, after, after, `, ${entry}`);
  }
  const indent = map.items.length > 0 ? columnOf(text, (map.items[0] as Pair<Node>).key?.range?.[0] ?? start) : columnOf(text, start);
  // A new top-level section goes at the end of the file; a key of a section, after its last key.
  const at = indent === 0 ? text.length : end;
  const before = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  return splice(text, at, at, `${before}${renderPair(key, value, indent)}`);
}

function appendItem(text: string, seq: YAMLSeq, value: unknown): string {
  const [start, end] = seq.range as [number, number, number];
  if (seq.flow) {
    if (seq.items.length === 0) return splice(text, start, end, `[${renderFlow(value)}]`);
    const after = (seq.items.at(-1) as Node).range?.[1] as number;
    return splice(text, after, after, `, ${renderFlow(value)}`);
  }
  const indent = columnOf(text, start);
  const before = end > 0 && text[end - 1] !== '\n' ? '\n' : '';
  const item = indentLines(renderBlock(value), indent + 2);
  return splice(text, end, end, `${before}${' '.repeat(indent)}- ${item.slice(indent + 2)}`);
}

function deleteAt(text: string, doc: Document, path: WorkspacePath): string {
  const parentPath = path.slice(0, -1);
  const parent = parentPath.length === 0 ? doc.contents : (doc.getIn(parentPath, true) as Node | undefined);
  const key = path.at(-1) as string | number;
  if (isMap(parent)) {
    const pair = parent.items.find((item) => keyOf(item) === String(key));
    if (pair === undefined) return text;
    // The last key of a block mapping: the mapping becomes {} (an empty value would read as null).
    if (parent.items.length === 1 && parentPath.length > 0) return replaceNode(text, parent, parentPath, doc, {});
    const from = (pair.key as Node).range?.[0] as number;
    const to = (pair.value as Node | null)?.range?.[2] ?? (pair.key as Node).range?.[2] ?? from;
    return parent.flow ? removeFlowEntry(text, from, to) : removeLines(text, from, to);
  }
  if (isSeq(parent) && typeof key === 'number') {
    const item = parent.items[key] as Node | undefined;
    if (item === undefined || !item.range) return text;
    if (parent.items.length === 1) return replaceNode(text, parent, parentPath, doc, []);
    return parent.flow ? removeFlowEntry(text, item.range[0], item.range[2]) : removeLines(text, text.lastIndexOf('-', item.range[0]), item.range[2]);
  }
  return text;
}

/** `{ a: 1, b: 2 }` without b: the entry and the comma before it (or after it, for the first). */
function removeFlowEntry(text: string, from: number, to: number): string {
  const before = text.slice(0, from).replace(/,\s*$/, '');
  if (before.length < from) return before + text.slice(to);
  return text.slice(0, from) + text.slice(to).replace(/^\s*,\s*/, '');
}

/** Whole lines from the one holding `from` to the end of the one holding `to - 1`. */
function removeLines(text: string, from: number, to: number): string {
  const lineStart = text.lastIndexOf('\n', from - 1) + 1;
  const lineEnd = text.indexOf('\n', Math.max(from, to - 1));
  return text.slice(0, lineStart) + (lineEnd < 0 ? '' : text.slice(lineEnd + 1));
}

function renderPair(key: string, value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  const keyText = stringify(key).trimEnd();
  if (!isCollection(value) || isEmptyCollection(value)) return `${pad}${keyText}: ${renderFlow(value)}\n`;
  return `${pad}${keyText}:\n${indentLines(renderBlock(value), indent + 2)}`;
}

function renderBlock(value: unknown): string {
  return stringify(value, { indent: 2, lineWidth: 0 });
}

function renderFlow(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd();
}

/** A new scalar in the quoting of the old one, so `"${URL}"` stays double-quoted. */
function renderScalar(value: unknown, old: Scalar): string {
  if (typeof value === 'string' && old.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  if (typeof value === 'string' && old.type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  return renderFlow(value);
}

function indentLines(block: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return block
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

function isInsideFlow(doc: Document, path: WorkspacePath): boolean {
  for (let depth = path.length - 1; depth >= 1; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as Node | undefined;
    if ((isMap(node) || isSeq(node)) && node.flow === true) return true;
  }
  return false;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The indentation of the line a value starts on (its key's column). */
function keyColumnOf(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return (/^ */.exec(text.slice(lineStart))?.[0].length ?? 0) + (/^ *- /.test(text.slice(lineStart)) ? 2 : 0);
}

function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

function keyOf(pair: Pair): string | null {
  if (!isPair(pair)) return null;
  return isScalar(pair.key) ? String(pair.key.value) : null;
}

function toJs(node: Node): unknown {
  return isScalar(node) ? node.value : (node as { toJSON: () => unknown }).toJSON();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCollection(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

function isEmptyCollection(value: unknown): boolean {
  return Array.isArray(value) ? value.length === 0 : isPlainObject(value) && Object.keys(value).length === 0;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function describePath(path: WorkspacePath): string {
  return path.map(String).join('.');
}
