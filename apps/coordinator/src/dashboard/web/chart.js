// @ts-check
/** Completions per day as an inline SVG bar chart, with the numbers also available as a table. */
import { h, svg } from './dom.js';
import { formatNumber } from './format.js';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 14, right: 8, bottom: 30, left: 44 };
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** A round axis maximum at or above `max`: 1, 2, 5, 10, 20, 50, … @param {number} max */
function niceCeiling(max) {
  if (max <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

/**
 * @param {{date: string, completed: number}[]} days oldest first
 * @param {string} titleId id of the heading that names the chart
 */
export function completionsChart(days, titleId) {
  const total = days.reduce((sum, day) => sum + day.completed, 0);
  const peak = Math.max(0, ...days.map((day) => day.completed));
  const top = niceCeiling(peak);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(2, slot * 0.68);
  const y = (/** @type {number} */ value) => PAD.top + plotHeight - (value / top) * plotHeight;
  const label = (/** @type {string} */ date) => dayFormat.format(new Date(`${date}T00:00:00Z`));

  const grid = [0, top / 2, top].map((tick) =>
    svg(
      'g',
      {},
      svg('line', { class: 'gridline', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(tick), y2: y(tick) }),
      svg('text', { x: PAD.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, formatNumber(tick)),
    ),
  );
  const bars = days.map((day, index) => {
    const height = Math.max(day.completed > 0 ? 2 : 0, (day.completed / top) * plotHeight);
    return svg(
      'rect',
      {
        class: index === days.length - 1 ? 'bar bar-today' : 'bar',
        x: PAD.left + index * slot + (slot - barWidth) / 2,
        y: PAD.top + plotHeight - height,
        width: barWidth,
        height,
        rx: 2,
      },
      svg('title', {}, `${label(day.date)}: ${day.completed} completed`),
    );
  });
  const ticks = days
    .map((day, index) => ({ day, index }))
    .filter(({ index }) => (days.length - 1 - index) % 7 === 0)
    .map(({ day, index }) => {
      // the newest label ends at the right edge, so it is never cut off
      const last = index === days.length - 1;
      const x = last ? WIDTH - PAD.right : PAD.left + index * slot + slot / 2;
      return svg('text', { x, y: HEIGHT - 8, 'text-anchor': last ? 'end' : 'middle' }, label(day.date));
    });

  const summaryId = `${titleId}-summary`;
  const busiest = days.reduce((best, day) => (day.completed > best.completed ? day : best), days[0]);
  const summary =
    total === 0
      ? `No requests completed in the last ${days.length} days.`
      : `${formatNumber(total)} requests completed in the last ${days.length} days; the busiest day was ` +
        `${label(busiest.date)} with ${formatNumber(busiest.completed)}.`;

  return h(
    'figure',
    { class: 'chart-figure' },
    svg(
      'svg',
      {
        class: 'chart',
        viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
        role: 'img',
        'aria-labelledby': `${titleId} ${summaryId}`,
        preserveAspectRatio: 'xMidYMid meet',
      },
      ...grid,
      ...bars,
      ...ticks,
    ),
    h('figcaption', { id: summaryId, class: 'muted' }, summary),
    h(
      'details',
      { class: 'chart-data' },
      h('summary', {}, 'Show the numbers'),
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Day (UTC)'),
            h('th', { scope: 'col', class: 'numeric' }, 'Completed'),
          ),
        ),
        h(
          'tbody',
          {},
          days
            .slice()
            .reverse()
            .map((day) =>
              h(
                'tr',
                {},
                h('td', {}, label(day.date)),
                h('td', { class: 'numeric' }, formatNumber(day.completed)),
              ),
            ),
        ),
      ),
    ),
  );
}
