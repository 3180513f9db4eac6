import type uPlot from 'uplot';

/** An event on a chart: a moment (a line) or a stretch (a shaded band), with what it was. */
export interface ChartMarker {
  at: number;
  /** The end of a stretch (an outage); null while it lasts; absent or equal to `at` for a moment. */
  end?: number | null;
  /** A CSS colour. */
  color: string;
  label: string;
}

const FLAG_PX = 9;

/**
 * Draws events on a uPlot chart: a dashed line at each moment, a translucent band over each
 * stretch, and a small flag at the top of each that names it on hover (and to screen readers).
 * Markers change through `set` without rebuilding the chart.
 */
export function markerPlugin(initial: readonly ChartMarker[]): { plugin: uPlot.Plugin; set: (markers: readonly ChartMarker[]) => void } {
  let markers = initial;
  let layer: HTMLDivElement | null = null;
  let tip: HTMLDivElement | null = null;
  let plot: uPlot | null = null;

  const showTip = (flag: HTMLElement, text: string): void => {
    if (tip === null || layer === null) return;
    tip.textContent = text;
    tip.style.display = 'block';
    const left = Math.min(Math.max(0, flag.offsetLeft - 8), Math.max(0, layer.clientWidth - tip.offsetWidth));
    tip.style.left = `${left}px`;
  };
  const hideTip = (): void => {
    if (tip !== null) tip.style.display = 'none';
  };

  const placeFlags = (u: uPlot): void => {
    if (layer === null) return;
    layer.replaceChildren();
    const min = u.scales.x?.min ?? 0;
    const max = u.scales.x?.max ?? 0;
    for (const marker of markers) {
      const at = marker.at / 1000;
      if (at > max || (marker.end ?? Number.POSITIVE_INFINITY) / 1000 < min) continue;
      const left = u.valToPos(Math.max(at, min), 'x');
      const flag = document.createElement('div');
      flag.className = 'zervigo-marker-flag';
      flag.setAttribute('role', 'img');
      flag.setAttribute('aria-label', marker.label);
      flag.dataset.marker = '';
      flag.style.cssText = `position:absolute;top:0;left:${left - FLAG_PX / 2}px;width:${FLAG_PX}px;height:${FLAG_PX}px;background:${marker.color};border-radius:2px 2px 50% 50%;cursor:help;pointer-events:auto;`;
      flag.addEventListener('mouseenter', () => showTip(flag, marker.label));
      flag.addEventListener('mouseleave', hideTip);
      layer.append(flag);
    }
    if (tip !== null) layer.append(tip);
  };

  const plugin: uPlot.Plugin = {
    hooks: {
      init: [
        (u) => {
          plot = u;
          layer = document.createElement('div');
          layer.className = 'zervigo-markers';
          layer.style.cssText = 'position:absolute;inset:0;pointer-events:none;';
          tip = document.createElement('div');
          tip.className = 'zervigo-marker-tip';
          tip.setAttribute('role', 'tooltip');
          tip.style.cssText =
            'position:absolute;top:12px;display:none;z-index:2;max-width:320px;padding:4px 8px;border-radius:4px;font-size:12px;line-height:1.35;white-space:normal;pointer-events:none;background:var(--mantine-color-dark-6);color:var(--mantine-color-white);';
          u.over.append(layer);
        },
      ],
      draw: [
        (u) => {
          const { ctx } = u;
          const { top, height, left, width } = u.bbox;
          const min = u.scales.x?.min ?? 0;
          const max = u.scales.x?.max ?? 0;
          ctx.save();
          ctx.beginPath();
          ctx.rect(left, top, width, height);
          ctx.clip();
          for (const marker of markers) {
            const from = marker.at / 1000;
            const to = marker.end === undefined ? from : (marker.end ?? max) / 1000;
            if (from > max || to < min) continue;
            const x0 = u.valToPos(Math.max(from, min), 'x', true);
            if (to > from) {
              const x1 = u.valToPos(Math.min(to, max), 'x', true);
              ctx.globalAlpha = 0.12;
              ctx.fillStyle = marker.color;
              ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
            }
            ctx.globalAlpha = 0.9;
            ctx.strokeStyle = marker.color;
            ctx.lineWidth = Math.max(1, devicePixelRatio);
            ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
            ctx.beginPath();
            ctx.moveTo(Math.round(x0) + 0.5, top);
            ctx.lineTo(Math.round(x0) + 0.5, top + height);
            ctx.stroke();
          }
          ctx.restore();
          placeFlags(u);
        },
      ],
      destroy: [
        () => {
          layer?.remove();
          layer = null;
          tip = null;
          plot = null;
        },
      ],
    },
  };

  return {
    plugin,
    set(next) {
      markers = next;
      plot?.redraw(false);
    },
  };
}
