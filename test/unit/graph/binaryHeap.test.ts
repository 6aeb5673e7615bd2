import assert from 'node:assert/strict';
import { BinaryHeap } from '../../../src/engine/graph/binaryHeap';

describe('graph/BinaryHeap', () => {
  it('pops in comparator order', () => {
    const heap = new BinaryHeap<number>((a, b) => a - b);
    for (const x of [5, 3, 8, 1, 9, 2, 7, 3]) heap.push(x);
    assert.equal(heap.size, 8);
    assert.equal(heap.peek(), 1);
    const out: number[] = [];
    for (let x = heap.pop(); x !== undefined; x = heap.pop()) out.push(x);
    assert.deepEqual(out, [1, 2, 3, 3, 5, 7, 8, 9]);
    assert.equal(heap.pop(), undefined);
    assert.equal(heap.peek(), undefined);
  });

  it('heapifies an initial collection and interleaves pushes and pops', () => {
    const input = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    const heap = new BinaryHeap<number>((a, b) => b - a, input);
    assert.equal(heap.pop(), 999);
    heap.push(5000);
    heap.push(-1);
    const out: number[] = [];
    for (let x = heap.pop(); x !== undefined; x = heap.pop()) out.push(x);
    assert.equal(out.length, 1001);
    assert.equal(out[0], 5000);
    assert.equal(out.at(-1), -1);
    for (let k = 1; k < out.length; k++) assert.ok(out[k - 1]! >= out[k]!);
  });
});
