// Our layered (Sugiyama-style) layout of the dependency DAG, left to right, pure and
// allocation-light so 2,000 tasks lay out in tens of milliseconds:
//   1. x by level — the levels come from the engine's graph (sent in the snapshot);
//   2. edges spanning several levels get a dummy node per level crossed, so they route around
//      the tasks between;
//   3. within-level order by barycenter sweeps, down and up, keeping the order with the fewest
//      crossings (counted exactly with a Fenwick tree per level pair);
//   4. y by repeatedly pulling every node towards the mean of its neighbours, subject to the
//      order and minimum gaps — solved exactly per level with pool-adjacent-violators;
//   5. edges as straight segments between levels and horizontal runs through them.

export interface LayoutInput {
  /** Per node: its level (column), >= 0. */
  level: ArrayLike<number>;
  /** Per node: indices of the nodes it depends on (edges point from dependency to dependant). */
  dependencies: readonly (readonly number[])[];
}

export interface LayoutEdge {
  /** Dependency → dependant, as node indices. */
  from: number;
  to: number;
  /** x0, y0, x1, y1, … in world coordinates. */
  points: Float64Array;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export interface GraphLayout {
  /** Left edge of each node. */
  x: Float64Array;
  /** Vertical centre of each node. */
  y: Float64Array;
  nodeWidth: number;
  nodeHeight: number;
  columnPitch: number;
  /** Real nodes of each level, top to bottom. */
  levels: Int32Array[];
  edges: LayoutEdge[];
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
  crossings: { initial: number; final: number };
  dummies: number;
}

export interface LayoutOptions {
  nodeWidth?: number;
  nodeHeight?: number;
  /** Horizontal gap between levels. */
  levelGap?: number;
  rowGap?: number;
  /** Barycenter iterations (one down and one up sweep each). */
  iterations?: number;
  /** At most this many dummy nodes; edges beyond it are drawn straight. */
  maxDummies?: number;
}

export function layoutGraph(input: LayoutInput, options: LayoutOptions = {}): GraphLayout {
  const W = options.nodeWidth ?? 180;
  const H = options.nodeHeight ?? 40;
  const pitch = W + (options.levelGap ?? 90);
  const rowGap = options.rowGap ?? 12;
  const n = input.dependencies.length;
  const maxDummies = options.maxDummies ?? 40_000;

  // --- 1–2. layers with dummies
  const layerOf: number[] = [];
  const up: number[][] = [];
  const down: number[][] = [];
  let depth = 0;
  for (let v = 0; v < n; v++) {
    const l = Math.max(0, Math.floor(input.level[v] ?? 0));
    layerOf.push(l);
    up.push([]);
    down.push([]);
    depth = Math.max(depth, l + 1);
  }
  const chains: { from: number; to: number; chain: number[] | undefined }[] = [];
  let total = n;
  for (let v = 0; v < n; v++) {
    for (const u of input.dependencies[v]!) {
      if (u < 0 || u >= n || u === v) continue;
      const lu = layerOf[u]!;
      const lv = layerOf[v]!;
      if (lu >= lv || (lv - lu > 1 && total - n + (lv - lu - 1) > maxDummies)) {
        chains.push({ from: u, to: v, chain: undefined });
        continue;
      }
      const chain = [u];
      for (let k = lu + 1; k < lv; k++) {
        const d = total++;
        layerOf.push(k);
        up.push([]);
        down.push([]);
        chain.push(d);
      }
      chain.push(v);
      for (let i = 0; i + 1 < chain.length; i++) {
        down[chain[i]!]!.push(chain[i + 1]!);
        up[chain[i + 1]!]!.push(chain[i]!);
      }
      chains.push({ from: u, to: v, chain });
    }
  }
  const layers: number[][] = Array.from({ length: depth }, () => []);
  for (let v = 0; v < total; v++) layers[layerOf[v]!]!.push(v);

  // --- 3. crossing reduction
  const pos = new Float64Array(total);
  const scratch = { key: new Float64Array(total), index: new Float64Array(total) };
  const setPositions = (layer: number[]) => layer.forEach((v, i) => (pos[v] = i));
  layers.forEach(setPositions);
  const initial = countAll(layers, down, pos);
  // A first down sweep from the file order; then full sweeps, keeping the best.
  for (let k = 1; k < depth; k++) {
    sortLayer(layers[k]!, up, pos, scratch);
    setPositions(layers[k]!);
  }
  let best = countAll(layers, down, pos);
  let bestLayers = layers.map((l) => l.slice());
  if (initial < best) {
    for (const l of layers) l.sort((a, b) => a - b);
    layers.forEach(setPositions);
    best = initial;
    bestLayers = layers.map((l) => l.slice());
  }
  const iterations = options.iterations ?? 4;
  for (let it = 0; it < iterations && best > 0; it++) {
    for (let k = 1; k < depth; k++) {
      sortLayer(layers[k]!, up, pos, scratch);
      setPositions(layers[k]!);
    }
    for (let k = depth - 2; k >= 0; k--) {
      sortLayer(layers[k]!, down, pos, scratch);
      setPositions(layers[k]!);
    }
    const c = countAll(layers, down, pos);
    if (c < best) {
      best = c;
      bestLayers = layers.map((l) => l.slice());
    }
  }
  bestLayers.forEach(setPositions);

  // --- 4. vertical placement
  const y = new Float64Array(total);
  const height = (v: number) => (v < n ? H : 0);
  const gapBetween = (a: number, b: number) => (height(a) + height(b)) / 2 + (a < n && b < n ? rowGap : a < n || b < n ? rowGap / 2 : 4);
  for (const layer of bestLayers) {
    let acc = 0;
    for (let i = 0; i < layer.length; i++) {
      if (i > 0) acc += gapBetween(layer[i - 1]!, layer[i]!);
      y[layer[i]!] = acc;
    }
    for (const v of layer) y[v] = y[v]! - acc / 2;
  }
  const desired = new Float64Array(total);
  const pull = (layer: number[], neighbours: number[][][]) => {
    for (const v of layer) {
      let sum = 0;
      let count = 0;
      for (const side of neighbours) for (const u of side[v]!) {
        sum += y[u]!;
        count++;
      }
      desired[v] = count ? sum / count : y[v]!;
    }
    placeLayer(layer, desired, y, gapBetween);
  };
  for (let round = 0; round < 4; round++) {
    for (let k = 1; k < depth; k++) pull(bestLayers[k]!, [up]);
    for (let k = depth - 2; k >= 0; k--) pull(bestLayers[k]!, [down]);
  }
  for (let k = 0; k < depth; k++) pull(bestLayers[k]!, [up, down]);

  // --- 5. coordinates and edges
  const x = new Float64Array(n);
  let minY = Infinity;
  let maxY = -Infinity;
  for (let v = 0; v < n; v++) {
    x[v] = layerOf[v]! * pitch;
    minY = Math.min(minY, y[v]! - H / 2);
    maxY = Math.max(maxY, y[v]! + H / 2);
  }
  const edges: LayoutEdge[] = chains.map(({ from, to, chain }) => {
    const pts: number[] = [x[from]! + W, y[from]!];
    if (chain) for (let i = 1; i + 1 < chain.length; i++) {
      const d = chain[i]!;
      const left = layerOf[d]! * pitch;
      pts.push(left, y[d]!, left + W, y[d]!);
    }
    pts.push(x[to]!, y[to]!);
    const points = Float64Array.from(pts);
    let ex0 = Infinity, ex1 = -Infinity, ey0 = Infinity, ey1 = -Infinity;
    for (let i = 0; i < points.length; i += 2) {
      ex0 = Math.min(ex0, points[i]!);
      ex1 = Math.max(ex1, points[i]!);
      ey0 = Math.min(ey0, points[i + 1]!);
      ey1 = Math.max(ey1, points[i + 1]!);
    }
    minY = Math.min(minY, ey0);
    maxY = Math.max(maxY, ey1);
    return { from, to, points, minX: ex0, maxX: ex1, minY: ey0, maxY: ey1 };
  });
  const levels = bestLayers.map((layer) => Int32Array.from(layer.filter((v) => v < n)));
  if (n === 0) {
    minY = 0;
    maxY = 0;
  }
  return {
    x, y: y.slice(0, n), nodeWidth: W, nodeHeight: H, columnPitch: pitch, levels, edges,
    bounds: { minX: 0, minY, maxX: Math.max(0, depth - 1) * pitch + W, maxY },
    crossings: { initial, final: best }, dummies: total - n,
  };
}

/** Orders a layer by the mean position of each node's neighbours on the fixed side (stable). */
function sortLayer(layer: number[], neighbours: number[][], pos: Float64Array, scratch: { key: Float64Array; index: Float64Array }): void {
  const { key, index } = scratch;
  for (let i = 0; i < layer.length; i++) {
    const v = layer[i]!;
    index[v] = i;
    const list = neighbours[v]!;
    if (list.length === 0) {
      key[v] = pos[v]!;
      continue;
    }
    let sum = 0;
    for (const u of list) sum += pos[u]!;
    key[v] = sum / list.length;
  }
  layer.sort((a, b) => key[a]! - key[b]! || index[a]! - index[b]!);
}

/** Edge crossings between every pair of adjacent layers (Barth–Jünger–Mutzel accumulation). */
export function countAll(layers: readonly number[][], down: readonly number[][], pos: Float64Array): number {
  let total = 0;
  for (let k = 0; k + 1 < layers.length; k++) total += countBetween(layers[k]!, layers[k + 1]!.length, down, pos);
  return total;
}

function countBetween(upper: readonly number[], lowerSize: number, down: readonly number[][], pos: Float64Array): number {
  // Edges sorted by upper position then lower position; crossings = inversions of the lower ends.
  const ends: number[] = [];
  for (const u of upper) {
    const targets = down[u]!.map((w) => pos[w]!).sort((a, b) => a - b);
    for (const t of targets) ends.push(t);
  }
  if (ends.length < 2) return 0;
  const tree = new Int32Array(lowerSize + 1);
  let crossings = 0;
  let seen = 0;
  for (const e of ends) {
    // Count earlier ends strictly greater than this one.
    let le = 0;
    for (let i = e + 1; i > 0; i -= i & -i) le += tree[i]!;
    crossings += seen - le;
    for (let i = e + 1; i <= lowerSize; i += i & -i) tree[i]!++;
    seen++;
  }
  return crossings;
}

/**
 * Places one layer's nodes as close to `desired` as possible (least squares) while keeping
 * their order and the gaps: with z_i = y_i − (offset of i), the gaps become z non-decreasing,
 * which pool-adjacent-violators solves exactly in linear time.
 */
function placeLayer(layer: readonly number[], desired: Float64Array, y: Float64Array, gap: (a: number, b: number) => number): void {
  const m = layer.length;
  if (m === 0) return;
  const offset = new Float64Array(m);
  for (let i = 1; i < m; i++) offset[i] = offset[i - 1]! + gap(layer[i - 1]!, layer[i]!);
  const blockSum: number[] = [];
  const blockCount: number[] = [];
  for (let i = 0; i < m; i++) {
    let sum = desired[layer[i]!]! - offset[i]!;
    let count = 1;
    while (blockSum.length && blockSum[blockSum.length - 1]! / blockCount[blockCount.length - 1]! > sum / count) {
      sum += blockSum.pop()!;
      count += blockCount.pop()!;
    }
    blockSum.push(sum);
    blockCount.push(count);
  }
  let i = 0;
  for (let b = 0; b < blockSum.length; b++) {
    const z = blockSum[b]! / blockCount[b]!;
    for (let c = 0; c < blockCount[b]!; c++, i++) y[layer[i]!] = z + offset[i]!;
  }
}
