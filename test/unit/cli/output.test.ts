import * as assert from 'node:assert/strict';
import { Style, colorEnabled, formatNumber, stripAnsi, visibleWidth } from '../../../src/cli/output';
import { eventLine } from '../../../src/cli/runProgress';
import { formatTable } from '../../../src/cli/table';
import type { EngineEvent } from '../../../src/engine/state/events';
import { clipText } from '../../../src/shared/clipText';

describe('cli output helpers', () => {
  it('colours a terminal unless NO_COLOR or TERM=dumb; FORCE_COLOR overrides both ways', () => {
    assert.equal(colorEnabled({}, true), true);
    assert.equal(colorEnabled({}, false), false);
    assert.equal(colorEnabled({ NO_COLOR: '1' }, true), false);
    assert.equal(colorEnabled({ NO_COLOR: '' }, true), true, 'an empty NO_COLOR does not count');
    assert.equal(colorEnabled({ TERM: 'dumb' }, true), false);
    assert.equal(colorEnabled({ FORCE_COLOR: '1' }, false), true);
    assert.equal(colorEnabled({ FORCE_COLOR: '', NO_COLOR: '1' }, false), true);
    assert.equal(colorEnabled({ FORCE_COLOR: '0' }, true), false);
    assert.equal(colorEnabled({ FORCE_COLOR: 'false' }, true), false);
  });

  it('cuts long summaries at a word with an ellipsis, never mid-word', () => {
    assert.equal(clipText('short and sweet', 40), 'short and sweet');
    assert.equal(clipText('Implemented the checkout flow with address validation, payment tokens and order confirmation emails', 60), 'Implemented the checkout flow with address validation…');
    assert.equal(clipText('first line\nsecond line', 40), 'first line');
    const summary = 'frontend-developer (scripted) wrote work/fe-checkout-flow.md, src/frontend/checkout.md and the tests that cover every state of the form';
    const line = eventLine({ type: 'task:succeeded', task: 'fe-checkout-flow', attempt: 1, summary, seq: 1, at: '', runId: 'r' } as EngineEvent, new Style(false))!;
    assert.ok(line.endsWith('…'), line);
    assert.ok(summary.startsWith(line.replace(/^✔ fe-checkout-flow — /, '').slice(0, -1)), 'a prefix of the summary, cut between words');
    assert.doesNotMatch(line, /cove…$/);
  });

  it('styles are identity when colour is off', () => {
    const off = new Style(false);
    assert.equal(off.red(off.bold('x')), 'x');
    const on = new Style(true);
    assert.equal(on.red('x'), '\u001b[31mx\u001b[39m');
    assert.equal(stripAnsi(on.bold(on.dim('abc'))), 'abc');
    assert.equal(visibleWidth(on.cyan('a → b')), 5);
  });

  it('aligns columns by visible width, right-aligns numbers, drops empty columns and trailing blanks', () => {
    const on = new Style(true);
    const out = formatTable(
      [{ header: 'ID' }, { header: '' }, { header: 'EST', align: 'right' }, { header: 'NOTE' }],
      [
        [on.bold('a'), '', '2', 'x'],
        ['long-id', '', '10', ''],
      ],
    );
    assert.deepEqual(out.map(stripAnsi), ['ID       EST  NOTE', 'a          2  x', 'long-id   10']);
  });

  it('formats numbers to at most two decimals', () => {
    assert.equal(formatNumber(3), '3');
    assert.equal(formatNumber(0.1 + 0.2), '0.3');
    assert.equal(formatNumber(4 / 3), '1.33');
  });
});
