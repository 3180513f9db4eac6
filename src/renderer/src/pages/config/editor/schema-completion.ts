import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { hoverTooltip, type Tooltip } from '@codemirror/view';
import { explain, keysAt, valuesAt, type JsonSchema } from './schema-lookup';
import { placeAt } from './yaml-path';

/**
 * Completion from the workspace's JSON Schema: the keys the mapping at the cursor can still
 * take (each with what it means), and the values a key accepts (enums, booleans, defaults).
 */
export function schemaCompletion(schema: () => JsonSchema | null) {
  return (context: CompletionContext): CompletionResult | null => {
    const root = schema();
    if (root === null) return null;
    const text = context.state.doc.toString();
    const place = placeAt(text, context.pos);
    if (/[{}[\]"']/.test(place.prefix)) return null;
    // Typing opens it; an empty line or value only asks for it (Ctrl+Space).
    if (!context.explicit && place.prefix === '') return null;
    if (place.position.kind === 'key') {
      const taken = new Set(place.siblings);
      const options: Completion[] = keysAt(root, place.path)
        .filter((option) => !taken.has(option.key))
        .map((option) => ({
          label: option.key,
          type: 'property',
          detail: option.detail ?? undefined,
          info: option.description ?? undefined,
          apply: option.opensBlock ? `${option.key}:` : `${option.key}: `,
        }));
      return options.length === 0 ? null : { from: place.from, options, validFor: /^[\w.-]*$/ };
    }
    const options: Completion[] = valuesAt(root, [...place.path, place.position.key]).map((option) => ({
      label: option.value,
      type: 'constant',
      detail: option.detail ?? undefined,
    }));
    return options.length === 0 ? null : { from: place.from, options, validFor: /^[\w.:-]*$/ };
  };
}

/** Hovering a key explains it: its description, its form, its default. */
export function schemaHover(schema: () => JsonSchema | null) {
  return hoverTooltip((view, pos): Tooltip | null => {
    const root = schema();
    if (root === null) return null;
    const line = view.state.doc.lineAt(pos);
    const match = /^(\s*(?:- )*)([^\s:#'"][^:#]*?|"[^"]*"|'[^']*')\s*:(\s|$)/.exec(line.text);
    if (match === null) return null;
    const keyFrom = line.from + (match[1] as string).length;
    const keyTo = keyFrom + (match[2] as string).length;
    if (pos < keyFrom || pos > keyTo) return null;
    const place = placeAt(view.state.doc.toString(), keyTo + 2 <= line.to ? keyTo + 2 : line.to);
    const key = (match[2] as string).replace(/^["']|["']$/g, '');
    const explained = explain(root, [...place.path, key]);
    if (explained === null || (explained.description === null && explained.detail === null)) return null;
    return {
      pos: keyFrom,
      end: keyTo,
      above: true,
      create: () => {
        const dom = document.createElement('div');
        dom.setAttribute('data-testid', 'editor-hover');
        const title = dom.appendChild(document.createElement('div'));
        title.style.fontWeight = '600';
        title.textContent = key;
        if (explained.description !== null) dom.appendChild(document.createElement('div')).textContent = explained.description;
        const facts = [explained.detail, explained.defaultValue === null ? null : `default: ${explained.defaultValue}`].filter(
          (fact): fact is string => fact !== null,
        );
        if (facts.length > 0) {
          const small = dom.appendChild(document.createElement('div'));
          small.style.opacity = '0.75';
          small.style.marginTop = '4px';
          small.textContent = facts.join(' · ');
        }
        return { dom };
      },
    };
  });
}
