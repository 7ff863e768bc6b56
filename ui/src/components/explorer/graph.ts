// The explorer's model, apart from drawing: the people and relationships loaded so far,
// where a new person goes, which relationships a filter shows, and the best path's
// elements. The screen hands it to cytoscape.js; tests read it directly.

import type { ExplorerEdge, ExplorerNode, Expansion, IntroPath, PersonId } from "../../lib/bindings";

export interface Placed extends ExplorerNode {
  x: number;
  y: number;
  /** Expanded already (its strongest contacts are loaded). */
  expanded: boolean;
}

export interface Filter {
  /** Lowest strength shown, 1 to 5. */
  minStrength: number;
  verifiedOnly: boolean;
}

/** Space between rings of people, in canvas units. */
const RING = 150;
/** People on the first ring; each further ring holds as many more. */
const FIRST_RING = 10;

/** Position `i` of `count` placed around (`cx`, `cy`): rings of growing size, so a few thousand stay apart. */
export function ringPosition(i: number, cx: number, cy: number, start = 0): { x: number; y: number } {
  let ring = 1;
  let index = i;
  while (index >= FIRST_RING * ring) {
    index -= FIRST_RING * ring;
    ring += 1;
  }
  const slots = FIRST_RING * ring;
  const angle = start + (2 * Math.PI * index) / slots + (ring % 2 ? 0 : Math.PI / slots);
  return { x: cx + RING * ring * Math.cos(angle), y: cy + RING * ring * Math.sin(angle) };
}

export class ExplorerGraph {
  nodes = new Map<PersonId, Placed>();
  edges = new Map<string, ExplorerEdge>();

  /** Adds an expansion; returns the people and relationships that are new. */
  add(expansion: Expansion): { nodes: Placed[]; edges: ExplorerEdge[] } {
    const newNodes: Placed[] = [];
    let centre = this.nodes.get(expansion.centre.id);
    if (!centre) {
      centre = { ...expansion.centre, x: 0, y: 0, expanded: false };
      this.nodes.set(centre.id, centre);
      newNodes.push(centre);
    }
    centre.expanded = true;
    // New people go round the centre, on the side facing away from the first person.
    const away = centre.x === 0 && centre.y === 0 ? 0 : Math.atan2(centre.y, centre.x) - Math.PI / 2;
    let k = 0;
    for (const n of expansion.nodes) {
      if (this.nodes.has(n.id)) continue;
      const at = ringPosition(k++, centre.x, centre.y, away);
      const placed = { ...n, ...at, expanded: false };
      this.nodes.set(n.id, placed);
      newNodes.push(placed);
    }
    const newEdges = expansion.edges.filter((e) => !this.edges.has(e.id));
    for (const e of newEdges) this.edges.set(e.id, e);
    return { nodes: newNodes, edges: newEdges };
  }

  /** Whether a relationship passes the filter. */
  static shows(e: ExplorerEdge, f: Filter): boolean {
    return e.strength >= f.minStrength && (!f.verifiedOnly || e.verified);
  }

  /** The people a filter leaves connected to something shown (the centre and `keep` always stay). */
  visible(f: Filter, keep: Set<PersonId>): Set<PersonId> {
    const out = new Set<PersonId>(keep);
    for (const e of this.edges.values()) {
      if (ExplorerGraph.shows(e, f)) {
        out.add(e.a);
        out.add(e.b);
      }
    }
    return out;
  }

  /** The ids on screen, for the next expansion to link to. */
  known(): PersonId[] {
    return [...this.nodes.keys()];
  }

  /**
   * Puts the path's people on the canvas (near the person before them when missing) and
   * returns the ids of its people and of the relationships between them that are loaded.
   */
  addPath(path: IntroPath): { people: PersonId[]; edges: string[]; added: Placed[] } {
    const added: Placed[] = [];
    let previous: Placed | undefined;
    path.people.forEach((p, i) => {
      let node = this.nodes.get(p.id);
      if (!node) {
        const base = previous ?? { x: 0, y: 0 };
        const at = ringPosition(i, base.x, base.y, Math.PI / 4);
        node = { id: p.id, name: p.name, organisation: "", degree: 0, x: at.x, y: at.y, expanded: false };
        this.nodes.set(p.id, node);
        added.push(node);
      }
      previous = node;
    });
    const people = path.people.map((p) => p.id);
    const edges: string[] = [];
    for (let i = 0; i + 1 < people.length; i++) {
      const found = [...this.edges.values()].find(
        (e) => (e.a === people[i] && e.b === people[i + 1]) || (e.b === people[i] && e.a === people[i + 1]),
      );
      edges.push(found ? found.id : `path:${people[i]}:${people[i + 1]}`);
    }
    return { people, edges, added };
  }
}

/** The strength words used everywhere. */
export const strengthLabel = ["", "distant", "casual", "good", "strong", "very strong"] as const;
