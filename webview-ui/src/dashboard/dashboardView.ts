// The Dashboard tab: burndown, throughput, cycle time, per-agent utilization, parallel
// efficiency, blocked time and cost — every figure computed by the host from the journal;
// this view only draws them, and says what they mean at either end of a run's life: a run of a
// few seconds gets axes in seconds from its start, a finished run says how long it took.
import type { DashboardMetrics, UsageSummary } from '../../../src/shared/boardTypes';
import { formatEstimate, formatNumber, type EstimateUnit } from '../../../src/shared/estimates';
import { h } from '../dom';
import { clock, duration, percent, plural, usd } from '../format';
import { barChart, barList, lineChart } from './charts';

const HISTOGRAM_BUCKETS = 12;

export class DashboardView {
  readonly el: HTMLElement;
  #metrics: DashboardMetrics | undefined;
  #unit: EstimateUnit = 'points';
  #emptyReason = '';
  #dirty = true;

  constructor() {
    this.el = h('div', { className: 'dashboard', attrs: { role: 'region', 'aria-label': 'Sprint dashboard' } });
  }

  set(metrics: DashboardMetrics | undefined, unit: EstimateUnit = this.#unit, emptyReason = ''): void {
    this.#metrics = metrics;
    this.#unit = unit;
    this.#emptyReason = emptyReason;
    this.#dirty = true;
    if (!this.el.hidden) this.render();
  }

  shown(): void {
    if (this.#dirty) this.render();
  }

  render(): void {
    this.#dirty = false;
    const m = this.#metrics;
    if (!m) {
      this.el.replaceChildren(h('p', { className: 'empty', text: this.#emptyReason || 'No run of this sprint yet: the dashboard fills in once it starts.' }));
      return;
    }
    const unit = this.#unit;
    const tiles: HTMLElement[] = [];
    const start = m.burndown[0] ? Date.parse(m.burndown[0].at) : 0;
    const end = start + m.elapsedMs;
    // Time since the run started: never two identical clock labels on a short run.
    const sinceStart = (t: number) => (t <= start ? '0s' : `+${duration(t - start)}`);
    const remaining = m.burndown.at(-1)?.value ?? m.totalEstimate;
    tiles.push(tile('Burndown', `${formatNumber(remaining)} of ${formatEstimate(m.totalEstimate, unit)} remaining`, lineChart([
      ...(m.ideal ? [{ points: clipIdeal(m.ideal, end), className: 'series-ideal' }] : []),
      { points: m.burndown.map((p) => ({ t: Date.parse(p.at), v: p.value })), className: 'series-remaining', step: true },
    ], { label: `Burndown: remaining estimate over the run, ${formatEstimate(remaining, unit, 'long')} left`, formatX: sinceStart, formatY: formatNumber }), 'wide'));
    const bucket = duration(m.throughput.bucketMs);
    const bars = m.throughput.counts.length;
    tiles.push(tile('Throughput', `${m.done} of ${plural(m.total, 'task')} done · per ${bucket}`,
      barChart(m.throughput.counts, {
        label: `Tasks finished per ${bucket} since the run started`, className: 'series-throughput',
        xLabels: ['0s', `+${duration(bars * m.throughput.bucketMs)}`],
        barTitle: (i, v) => `${plural(v, 'task')} done between +${duration(i * m.throughput.bucketMs)} and +${duration((i + 1) * m.throughput.bucketMs)}`,
      })));
    const ct = m.cycleTime;
    const cycles = m.cycleTimes.map((c) => c.ms);
    const width = Math.max(1, ...cycles) / HISTOGRAM_BUCKETS;
    tiles.push(tile('Cycle time', ct ? `average ${duration(ct.averageMs)} · median ${duration(ct.medianMs)} · p90 ${duration(ct.p90Ms)}` : 'No task finished yet',
      barChart(histogram(cycles), {
        label: 'How many tasks took how long, from first start to done', className: 'series-cycle',
        ...(cycles.length ? { xLabels: ['0s', duration(Math.max(...cycles))] as [string, string] } : {}),
        barTitle: (i, v) => `${plural(v, 'task')} took ${duration(i * width)} to ${duration((i + 1) * width)}`,
      })));
    tiles.push(tile('Agent utilization', `${plural(m.utilization.length, 'agent')} · busy time over elapsed time × capacity`,
      barList(m.utilization.map((u) => ({ label: u.agent || 'sync points (the engine)', value: u.utilization, text: `${percent(u.utilization)} · ${plural(u.tasks, 'task')}` })), { label: 'Utilization per agent', className: 'series-utilization', max: 1 })));
    tiles.push(tile('Parallel efficiency', `${m.averageParallelism !== undefined ? m.averageParallelism.toFixed(2) : '–'} agents at once on average, of ${m.maxParallel ?? '–'} allowed`,
      bigNumber(percent(m.parallelEfficiency), 'of the allowed parallelism used')));
    tiles.push(tile('Blocked time', `${duration(m.blockedMs)} in total`,
      m.blocked.length ? barList(m.blocked.slice(0, 8).map((b) => ({ label: b.task, value: b.ms, text: duration(b.ms) })), { label: 'Blocked time per task', className: 'series-blocked' }) : h('p', { className: 'muted', text: 'Nothing was blocked.' })));
    tiles.push(tile('Cost', m.cost.reportedTasks ? `${usd(m.cost.totalUsd)} for the sprint · ${plural(m.cost.reportedTasks, 'task')} reported cost` : 'No agent reported its cost',
      m.cost.perTask.length ? barList(m.cost.perTask.slice(0, 8).map((c) => ({ label: c.task, value: c.usd, text: usd(c.usd) })), { label: 'Cost per task', className: 'series-cost' }) : h('p', { className: 'muted', text: 'Agents that report cost (Claude Code does) show here.' })));
    const finished = m.finishedAt !== undefined;
    tiles.push(tile(finished ? 'Duration' : 'Elapsed', start ? (finished ? `${clock(m.burndown[0]!.at)} to ${clock(m.finishedAt!)}` : `since ${clock(m.burndown[0]!.at)}`) : '',
      bigNumber(duration(m.elapsedMs), finished ? 'from start to finish' : 'since the run started')));
    if (m.usage) tiles.push(usageTile(m.usage));
    this.el.replaceChildren(...tiles);
  }
}

/** Tokens for the sprint and cost per agent, as the engine sums them (priced where the CLI reports no cost). */
function usageTile(u: UsageSummary): HTMLElement {
  const k = (n: number): string => (n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n));
  const t = u.tokens;
  const subtitle = `${k(t.input)} in · ${k(t.output)} out · ${k(t.cacheRead)} cache reads · ${k(t.cacheWrite)} cache writes${u.models.length ? ` · ${u.models.slice(0, 2).join(', ')}` : ''}`;
  const body = u.perAgent.length
    ? barList(u.perAgent.slice(0, 8).map((a) => ({ label: a.agent, value: a.usd, text: `${usd(a.usd)} · ${k(a.tokens)} tokens` })), { label: 'Cost per agent', className: 'series-cost' })
    : h('p', { className: 'muted', text: 'No agent has reported tokens yet.' });
  return tile('Tokens and cost per agent', subtitle, body);
}

/** The ideal line over the run's own span: a sprint of days drawn against a run of seconds would squash the run into a vertical line. */
function clipIdeal(ideal: readonly { at: string; value: number }[], end: number): { t: number; v: number }[] {
  const [a, b] = ideal.map((p) => ({ t: Date.parse(p.at), v: p.value }));
  if (!a || !b || b.t <= end) return ideal.map((p) => ({ t: Date.parse(p.at), v: p.value }));
  const v = a.v + ((b.v - a.v) * (end - a.t)) / (b.t - a.t);
  return [a, { t: end, v }];
}

function tile(title: string, subtitle: string, body: Node, extra = ''): HTMLElement {
  return h('section', { className: `tile ${extra}`.trim(), attrs: { 'aria-label': title } },
    h('h2', { className: 'tile-title', text: title }), h('p', { className: 'tile-subtitle muted', text: subtitle }), body);
}

function bigNumber(value: string, caption: string): HTMLElement {
  return h('p', { className: 'big-number' }, h('span', { className: 'big-value', text: value }), h('span', { className: 'muted', text: ` ${caption}` }));
}

function histogram(values: number[], buckets = HISTOGRAM_BUCKETS): number[] {
  if (values.length === 0) return [];
  const max = Math.max(...values) || 1;
  const counts = new Array<number>(buckets).fill(0);
  for (const v of values) counts[Math.min(buckets - 1, Math.floor((v / max) * buckets))]!++;
  return counts;
}
