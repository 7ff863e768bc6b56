import { describe, expect, it } from "vitest";
import type { ExplorerEdge, ExplorerNode, Expansion } from "../../lib/bindings";
import { ExplorerGraph, LABEL_BOX, NODE_BORDER, Occupancy, nodeBorder } from "./graph";

const node = (id: string, degree = 1): ExplorerNode => ({ id, name: `Person ${id}`, organisation: "", degree });
const edge = (a: string, b: string, strength: number, verified: boolean): ExplorerEdge => ({
  id: `${a}-${b}`,
  a,
  b,
  strength,
  verified,
  kind: "friend",
  weight: 0.5,
});
const expansion = (centre: string, nodes: string[], edges: ExplorerEdge[]): Expansion => ({
  centre: node(centre, nodes.length),
  nodes: nodes.map((n) => node(n)),
  edges,
  hidden: 0,
});

describe("ExplorerGraph", () => {
  it("places thousands of people, expansion after expansion, without two names overlapping", () => {
    const g = new ExplorerGraph();
    const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    const hubs = ids("h", 20);
    g.add(expansion("me", hubs, hubs.map((h) => edge("me", h, 5, true))));
    for (const h of hubs) {
      const contacts = ids(`${h}c`, 150);
      g.add(expansion(h, contacts, contacts.map((c) => edge(h, c, 2, false))));
    }
    const placed = [...g.nodes.values()];
    expect(placed.length).toBe(1 + 20 + 20 * 150);
    let overlaps = 0;
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) {
        const [a, b] = [placed[i]!, placed[j]!];
        if (Math.abs(a.x - b.x) < LABEL_BOX.width && Math.abs(a.y - b.y) < LABEL_BOX.height) overlaps++;
      }
    }
    expect(overlaps).toBe(0);
    // Each hub's contacts stay near it: within a few rings, not scattered over the map.
    const h0 = g.nodes.get("h0")!;
    const far = ids("h0c", 150).map((id) => g.nodes.get(id)!).map((n) => Math.hypot(n.x - h0.x, n.y - h0.y));
    expect(Math.max(...far)).toBeLessThan(1600);
  });

  it("finds the nearest free place, and a crowded one is refused", () => {
    const room = new Occupancy();
    room.add({ x: 0, y: 0 });
    expect(room.crowded({ x: LABEL_BOX.width - 1, y: 0 })).toBe(true);
    expect(room.crowded({ x: 0, y: LABEL_BOX.height })).toBe(false);
    const p = room.freeNear(0, 0);
    expect(room.crowded(p)).toBe(false);
    expect(Math.hypot(p.x, p.y)).toBeCloseTo(LABEL_BOX.width, 0);
  });

  it("adds expansions once, and links them to the people already shown", () => {
    const g = new ExplorerGraph();
    const first = g.add(expansion("me", ["a", "b"], [edge("me", "a", 5, true), edge("me", "b", 2, false)]));
    expect(first.nodes.map((n) => n.id)).toEqual(["me", "a", "b"]);
    expect(g.nodes.get("me")!.expanded).toBe(true);
    const second = g.add(expansion("a", ["me", "c"], [edge("me", "a", 5, true), edge("a", "c", 3, true), edge("b", "c", 1, false)]));
    expect(second.nodes.map((n) => n.id)).toEqual(["c"]);
    expect(second.edges.map((e) => e.id)).toEqual(["a-c", "b-c"]);
    expect(g.known().sort()).toEqual(["a", "b", "c", "me"]);
    // The new person goes round the person expanded, not round the first.
    const a = g.nodes.get("a")!;
    const c = g.nodes.get("c")!;
    const apart = Math.hypot(c.x - a.x, c.y - a.y);
    expect(apart).toBeGreaterThanOrEqual(LABEL_BOX.width - 0.5);
    expect(apart).toBeLessThan(LABEL_BOX.width * 2);
  });

  it("filters by strength and verification, keeping the people asked for", () => {
    const g = new ExplorerGraph();
    g.add(expansion("me", ["a", "b", "c"], [edge("me", "a", 5, true), edge("me", "b", 2, false), edge("me", "c", 4, false)]));
    expect([...g.visible({ minStrength: 3, verifiedOnly: false }, new Set(["me"]))].sort()).toEqual(["a", "c", "me"]);
    expect([...g.visible({ minStrength: 1, verifiedOnly: true }, new Set(["me"]))].sort()).toEqual(["a", "me"]);
    expect([...g.visible({ minStrength: 5, verifiedOnly: true }, new Set(["b"]))].sort()).toEqual(["a", "b", "me"]);
  });

  it("puts a path's missing people on the canvas and names its relationships", () => {
    const g = new ExplorerGraph();
    g.add(expansion("me", ["a"], [edge("me", "a", 5, true)]));
    const path = {
      score: 0.4,
      people: [
        { id: "me", name: "Me" },
        { id: "a", name: "Person a" },
        { id: "t", name: "Target" },
      ],
      hops: [],
      source_factor: null,
      ask_colleague: null,
    };
    const drawn = g.addPath(path);
    expect(drawn.people).toEqual(["me", "a", "t"]);
    expect(drawn.edges).toEqual(["me-a", "path:a:t"]);
    expect(drawn.added.map((n) => n.name)).toEqual(["Target"]);
    expect(g.nodes.has("t")).toBe(true);
  });
});

describe("nodeBorder", () => {
  it("keeps the border on a small map at any zoom", () => {
    for (const zoom of [0.03, 0.1, 0.49, 1, 4]) expect(nodeBorder(zoom, false)).toBe(NODE_BORDER);
  });

  it("drops the border on a large map once it is under a pixel on screen", () => {
    expect(nodeBorder(1, true)).toBe(NODE_BORDER);
    expect(nodeBorder(0.5, true)).toBe(NODE_BORDER);
    expect(nodeBorder(0.49, true)).toBe(0);
    expect(nodeBorder(0.05, true)).toBe(0);
  });
});
