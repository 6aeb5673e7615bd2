// The Dashboard tab: burndown, throughput, cycle time, per-agent utilization, parallel
// efficiency, blocked time and cost — every figure computed by the host from the journal;
// this view only draws them.
import type { DashboardMetrics, UsageSummary } from '../../../src/shared/boardTypes';
import { h } from '../dom';
import { clock, duration, percent, usd } from '../format';
import { barChart, barList, lineChart } from './charts';

export class DashboardView {
  readonly el: HTMLElement;
  #metrics: DashboardMetrics | undefined;
  #emptyReason = '';
  #dirty = true;

  constructor() {
    this.el = h('div', { className: 'dashboard', attrs: { role: 'region', 'aria-label': 'Sprint dashboard' } });
  }

  set(metrics: DashboardMetrics | undefined, emptyReason = ''): void {
    this.#metrics = metrics;
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
    const tiles: HTMLElement[] = [];
    const start = m.burndown[0] ? Date.parse(m.burndown[0].at) : 0;
    tiles.push(tile('Burndown', `${m.burndown.at(-1)?.value ?? m.totalEstimate} of ${m.totalEstimate} pts remaining`, lineChart([
      ...(m.ideal ? [{ points: m.ideal.map((p) => ({ t: Date.parse(p.at), v: p.value })), className: 'series-ideal' }] : []),
      { points: m.burndown.map((p) => ({ t: Date.parse(p.at), v: p.value })), className: 'series-remaining', step: true },
    ], { label: `Burndown: remaining estimate over time, ${m.burndown.at(-1)?.value ?? 0} points left`, formatX: (t) => clock(new Date(t).toISOString()) }), 'wide'));
    tiles.push(tile('Throughput', `${m.done} of ${m.total} tasks done · per ${duration(m.throughput.bucketMs)}`,
      barChart(m.throughput.counts, { label: `Tasks finished per ${duration(m.throughput.bucketMs)}`, className: 'series-throughput' })));
    const ct = m.cycleTime;
    tiles.push(tile('Cycle time', ct ? `average ${duration(ct.averageMs)} · median ${duration(ct.medianMs)} · p90 ${duration(ct.p90Ms)}` : 'No task finished yet',
      barChart(histogram(m.cycleTimes.map((c) => c.ms)), { label: 'Cycle time distribution', className: 'series-cycle' })));
    tiles.push(tile('Agent utilization', `${m.utilization.length} agents · busy time over elapsed time × capacity`,
      barList(m.utilization.map((u) => ({ label: u.agent, value: u.utilization, text: `${percent(u.utilization)} · ${u.tasks} tasks` })), { label: 'Utilization per agent', className: 'series-utilization', max: 1 })));
    tiles.push(tile('Parallel efficiency', `${m.averageParallelism !== undefined ? m.averageParallelism.toFixed(2) : '–'} agents at once on average, of ${m.maxParallel ?? '–'} allowed`,
      bigNumber(percent(m.parallelEfficiency), 'of the allowed parallelism used')));
    tiles.push(tile('Blocked time', `${duration(m.blockedMs)} in total`,
      m.blocked.length ? barList(m.blocked.slice(0, 8).map((b) => ({ label: b.task, value: b.ms, text: duration(b.ms) })), { label: 'Blocked time per task', className: 'series-blocked' }) : h('p', { className: 'muted', text: 'Nothing was blocked.' })));
    tiles.push(tile('Cost', m.cost.reportedTasks ? `${usd(m.cost.totalUsd)} for the sprint · ${m.cost.reportedTasks} tasks reported cost` : 'No agent reported its cost',
      m.cost.perTask.length ? barList(m.cost.perTask.slice(0, 8).map((c) => ({ label: c.task, value: c.usd, text: usd(c.usd) })), { label: 'Cost per task', className: 'series-cost' }) : h('p', { className: 'muted', text: 'Agents that report cost (Claude Code does) show here.' })));
    if (m.usage) tiles.push(usageTile(m.usage));
    tiles.push(tile('Elapsed', start ? `since ${clock(m.burndown[0]!.at)}` : '', bigNumber(duration(m.elapsedMs), 'since the run started')));
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

function tile(title: string, subtitle: string, body: Node, extra = ''): HTMLElement {
  return h('section', { className: `tile ${extra}`.trim(), attrs: { 'aria-label': title } },
    h('h2', { className: 'tile-title', text: title }), h('p', { className: 'tile-subtitle muted', text: subtitle }), body);
}

function bigNumber(value: string, caption: string): HTMLElement {
  return h('p', { className: 'big-number' }, h('span', { className: 'big-value', text: value }), h('span', { className: 'muted', text: ` ${caption}` }));
}

function histogram(values: number[], buckets = 12): number[] {
  if (values.length === 0) return [];
  const max = Math.max(...values) || 1;
  const counts = new Array<number>(buckets).fill(0);
  for (const v of values) counts[Math.min(buckets - 1, Math.floor((v / max) * buckets))]!++;
  return counts;
}
