import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** An element that sticks out of the window sideways, described so a failure says which. */
export interface Offender {
  what: string;
  left: number;
  right: number;
}

/**
 * Elements that stick out of the window horizontally (past its right edge, or cut at its left),
 * outermost only: inside something that scrolls or clips sideways (a table that scrolls within
 * itself) an element may be wider than the window, and one wholly left of it (an off-canvas menu)
 * is deliberately out of view. Nor is one that is moving or unseen, itself or by an ancestor: a
 * toast whose time ran out slides off the right edge while fading (it is measured where it rests).
 */
export function horizontalOffenders(page: Page): Promise<Offender[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const clipsSideways = (element: Element): boolean => {
      const overflow = getComputedStyle(element).overflowX;
      return overflow !== 'visible';
    };
    const movingOrUnseen = (element: Element): boolean => {
      for (let at: Element | null = element; at !== null && at !== document.body; at = at.parentElement) {
        if (getComputedStyle(at).opacity === '0') return true;
        // A finite one only: a loader spins forever wherever it sits.
        const moving = at
          .getAnimations()
          .some((animation) => animation.effect?.getTiming().iterations !== Infinity && (animation.playState === 'running' || animation.pending));
        if (moving) return true;
      }
      return false;
    };
    const sticksOut = (element: Element): boolean => {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) return false;
      if (getComputedStyle(element).visibility === 'hidden') return false;
      return (rect.right > width + 0.5 || (rect.left < -0.5 && rect.right > 0.5)) && !movingOrUnseen(element);
    };
    const clipped = (element: Element): boolean => {
      for (let parent = element.parentElement; parent !== null && parent !== document.body; parent = parent.parentElement) {
        if (clipsSideways(parent)) return true;
      }
      return false;
    };
    const describe = (element: Element): string => {
      const id = element.getAttribute('data-testid');
      const classes = [...element.classList]
        .filter((name) => !name.startsWith('m_'))
        .slice(0, 3)
        .join('.');
      const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
      return `<${element.tagName.toLowerCase()}${id === null ? '' : ` data-testid="${id}"`}${classes === '' ? '' : ` class="${classes}"`}> “${text}”`;
    };
    const offenders: { what: string; left: number; right: number }[] = [];
    for (const element of document.body.querySelectorAll('*')) {
      if (!sticksOut(element) || clipped(element)) continue;
      // The outermost one says where the trouble starts; its children follow it out.
      if (element.parentElement !== null && element.parentElement !== document.body && sticksOut(element.parentElement) && !clipped(element.parentElement))
        continue;
      const rect = element.getBoundingClientRect();
      offenders.push({ what: describe(element), left: Math.round(rect.left), right: Math.round(rect.right) });
    }
    return offenders;
  });
}

/** How far the page itself scrolls sideways (0 when it does not). */
export function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * Waits for transitions to end (a drawer sliding in is measured where it lands) and two frames, so
 * a resize or a route change has been laid out (and uPlot has resized). Endless animations
 * (a loader) are not waited for.
 */
export function settled(page: Page): Promise<void> {
  return page.evaluate(async () => {
    const finite = document.getAnimations().filter((animation) => animation.effect?.getTiming().iterations !== Infinity);
    await Promise.all(finite.map((animation) => animation.finished.catch(() => undefined)));
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
  });
}

/**
 * The folder to write screenshots to, when asked for with ZERVIGO_SCREENSHOTS=<folder>: a person
 * looks at them (every page, both sizes, both schemes); the test itself does not need them.
 */
export function screenshotFolder(): string | null {
  const folder = process.env.ZERVIGO_SCREENSHOTS;
  if (folder === undefined || folder === '') return null;
  fs.mkdirSync(folder, { recursive: true });
  return path.resolve(folder);
}

/** A control smaller than a fingertip, described so a failure says which. */
export interface SmallTarget {
  what: string;
  width: number;
  height: number;
}

/**
 * Controls on screen that a finger cannot hit reliably: buttons, button-like links, inputs, tabs,
 * segmented choices, menu items and checkboxes (with their label, which takes the tap too) less
 * than `minimum` px tall or wide. A link inside a sentence is exempt (as WCAG 2.5.8 has it): its
 * size is the text's. Hidden and off-screen controls (a closed menu) are not measured.
 */
export function smallTargets(page: Page, minimum: number): Promise<SmallTarget[]> {
  return page.evaluate((minimum) => {
    const selector = [
      'button',
      '[role="button"]',
      '[role="tab"]',
      '[role="menuitem"]',
      '[role="option"]',
      'a[href]',
      'input:not([type="hidden"])',
      'select',
      'textarea',
      '.mantine-SegmentedControl-label',
    ].join(',');
    const describe = (element: Element): string => {
      const id = element.getAttribute('data-testid');
      const label = element.getAttribute('aria-label');
      const text = (label ?? element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
      return `<${element.tagName.toLowerCase()}${id === null ? '' : ` data-testid="${id}"`}> “${text}”`;
    };
    /** What takes the tap: a checkbox's or a radio's whole row with its label; a segmented choice's label; a field's box. */
    const targetOf = (element: Element): Element => {
      if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) {
        return element.closest('label, .mantine-Checkbox-root, .mantine-Radio-root, .mantine-Switch-root, .mantine-Chip-root') ?? element;
      }
      if (element instanceof HTMLInputElement && element.closest('.mantine-SegmentedControl-root') !== null) return element.nextElementSibling ?? element;
      // A text field's box (a password field's input sits inside it, 2 px shorter).
      if (element instanceof HTMLInputElement) return element.closest('.mantine-Input-wrapper') ?? element;
      return element;
    };
    const inSentence = (element: Element): boolean => element.tagName === 'A' && getComputedStyle(element).display === 'inline';
    const seen = new Set<Element>();
    const small: { what: string; width: number; height: number }[] = [];
    for (const element of document.querySelectorAll(selector)) {
      const target = targetOf(element);
      if (seen.has(target) || inSentence(target)) continue;
      seen.add(target);
      if (target.closest('[aria-hidden="true"], [inert]') !== null) continue;
      const rect = target.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      if (rect.right <= 0 || rect.left >= window.innerWidth) continue;
      const style = getComputedStyle(target);
      if (style.visibility === 'hidden' || style.opacity === '0') continue;
      // A control inside another is part of the outer one's target, which is measured instead.
      if ((target.parentElement?.closest('button, a[href], [role="button"], [role="tab"]') ?? null) !== null) continue;
      if (rect.height + 0.5 < minimum || rect.width + 0.5 < minimum)
        small.push({ what: describe(target), width: Math.round(rect.width), height: Math.round(rect.height) });
    }
    return small;
  }, minimum);
}

/** Texts under `selector` cut short (an ellipsis, a clipped word): what a narrow screen squeezed. */
export function truncatedTexts(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(
    (selector) =>
      [...document.querySelectorAll(`${selector} *`)]
        .filter(
          (element) =>
            element.children.length === 0 &&
            element.getBoundingClientRect().width > 0 &&
            element.scrollWidth > element.clientWidth + 0.5 &&
            getComputedStyle(element).overflowX !== 'visible',
        )
        .map((element) => (element.textContent ?? '').trim()),
    selector,
  );
}

/**
 * Code blocks (a workspace example, an expression) whose lines run past their own box, where a
 * phone's reader cannot see them without finding a scrollbar that is not drawn: each described by
 * its first line. A block that declares it scrolls sideways (`data-scrolls`: a process's output,
 * kept as it was written) is exempt.
 */
export function clippedCode(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('pre')]
      .filter((block) => block.closest('[data-scrolls]') === null && block.getBoundingClientRect().width > 0 && block.scrollWidth > block.clientWidth + 1)
      .map((block) => `“${(block.textContent ?? '').trim().split('\n')[0]?.slice(0, 50) ?? ''}” shows ${block.clientWidth} of ${block.scrollWidth} px`),
  );
}

/**
 * Inputs whose sections are crowded: the controls in a section (a clear button, a chevron) that
 * cover one another or stick out of the input's box, or a section the input's text runs under.
 * Each described by the input's accessible name, so a failure says which.
 */
export function crowdedInputs(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const overlap = (a: DOMRect, b: DOMRect): number =>
      Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
    for (const wrapper of document.querySelectorAll('.mantine-Input-wrapper')) {
      const input = wrapper.querySelector('input, textarea');
      const box = wrapper.getBoundingClientRect();
      if (input === null || box.width === 0 || box.height === 0 || input.closest('[aria-hidden="true"]') !== null) continue;
      const name = input.getAttribute('aria-label') ?? input.getAttribute('placeholder') ?? input.getAttribute('data-testid') ?? 'an input';
      // Where the text may go: the input's box within its border and padding.
      const inputBox = input.getBoundingClientRect();
      const inputStyle = getComputedStyle(input);
      const textLeft = inputBox.left + parseFloat(inputStyle.borderLeftWidth) + parseFloat(inputStyle.paddingLeft);
      const textRight = inputBox.right - parseFloat(inputStyle.borderRightWidth) - parseFloat(inputStyle.paddingRight);
      for (const section of wrapper.querySelectorAll(':scope > .mantine-Input-section')) {
        // What is seen in it: buttons, and icons not inside a button.
        const parts = [...section.querySelectorAll('button, svg')]
          .filter((part) => part.tagName === 'BUTTON' || part.closest('button') === null)
          .map((part) => ({ label: part.getAttribute('aria-label') ?? part.tagName.toLowerCase(), rect: part.getBoundingClientRect() }))
          .filter((part) => part.rect.width > 0 && part.rect.height > 0);
        parts.forEach((part, index) => {
          if (part.rect.left < box.left - 0.5 || part.rect.right > box.right + 0.5) problems.push(`${name}: ${part.label} sticks out of the input`);
          for (const other of parts.slice(index + 1))
            if (overlap(part.rect, other.rect) > 1)
              problems.push(`${name}: ${part.label} covers ${other.label} (${Math.round(overlap(part.rect, other.rect))} px²)`);
        });
        const right = section.getAttribute('data-position') === 'right';
        for (const part of parts)
          if (right ? part.rect.left < textRight - 0.5 : part.rect.right > textLeft + 0.5) problems.push(`${name}: the text runs under ${part.label}`);
      }
    }
    return problems;
  });
}
