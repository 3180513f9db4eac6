// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { StatusBadge } from '../../../src/renderer/src/components/StatusBadge';
import { renderInConsole } from './render';

describe('StatusBadge', () => {
  it('carries the state as a word, and its meaning on hover', async () => {
    renderInConsole(<StatusBadge status="given_up" />);
    const badge = screen.getByText('given up');
    await userEvent.hover(badge);
    expect(await screen.findByText('Restarts used up their budget. Needs a person.')).toBeTruthy();
  });
});
