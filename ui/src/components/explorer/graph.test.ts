import { describe, expect, it } from "vitest";
import type { ExplorerEdge, ExplorerNode, Expansion } from "../../lib/bindings";
import { ExplorerGraph, ringPosition } from "./graph";

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
  it("places thousands of people apart from each other", () => {
    const seen = new Set<string>();
    let closest = Infinity;
    const points = Array.from({ length: 3000 }, (_, i) => ringPosition(i, 0, 0));
    for (const p of points) seen.add(`${Math.round(p.x)},${Math.round(p.y)}`);
    expect(seen.size).toBe(3000);
    // Neighbours on a ring stay at least a label's height apart.
    for (let i = 1; i < 200; i++) {
      const [a, b] = [points[i - 1]!, points[i]!];
      closest = Math.min(closest, Math.hypot(a.x - b.x, a.y - b.y));
    }
    expect(closest).toBeGreaterThan(40);
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
    expect(Math.hypot(c.x - a.x, c.y - a.y)).toBeCloseTo(150, 0);
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
