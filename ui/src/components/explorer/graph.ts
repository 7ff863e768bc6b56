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

/**
 * The room a person takes on the canvas: the dot with its name under it (names are cut at
 * 150 px, with their background box). Two people closer than this in both directions would
 * have their names overlap; no placement puts them so.
 */
export const LABEL_BOX = { width: 172, height: 58 } as const;

/** Distance between the rings searched for a free place, in canvas units. */
const STEP = 64;

/**
 * Where everyone is, in cells of a label's size, to find a free place for a new person
 * quickly when thousands are on the canvas.
 */
/** Where a search for free places around one centre got to: the next one resumes there. */
export interface Cursor {
  radius: number;
  slot: number;
}

export class Occupancy {
  private cells = new Map<number, { x: number; y: number }[]>();

  /** One number per cell (the canvas spans far less than 100,000 cells each way). */
  private key(cx: number, cy: number): number {
    return (cx + 100_000) * 200_000 + (cy + 100_000);
  }

  add(p: { x: number; y: number }) {
    const k = this.key(Math.floor(p.x / LABEL_BOX.width), Math.floor(p.y / LABEL_BOX.height));
    const list = this.cells.get(k);
    if (list) list.push(p);
    else this.cells.set(k, [{ x: p.x, y: p.y }]);
  }

  /** Whether a person at `p` would overlap someone already placed. */
  crowded(p: { x: number; y: number }): boolean {
    const cx = Math.floor(p.x / LABEL_BOX.width);
    const cy = Math.floor(p.y / LABEL_BOX.height);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const list = this.cells.get(this.key(cx + dx, cy + dy));
        if (!list) continue;
        for (const q of list) {
          if (Math.abs(q.x - p.x) < LABEL_BOX.width && Math.abs(q.y - p.y) < LABEL_BOX.height) return true;
        }
      }
    }
    return false;
  }

  /**
   * The free place nearest (`cx`, `cy`) on rings around it, starting at angle `start`: the
   * first ring at a label's width, then every {@link STEP}, each ring tried at places a
   * label's height apart. With a `cursor`, the search starts where the last one around the
   * same centre stopped (the places tried before it are taken, and stay taken), so placing
   * many people round one person costs about one pass over the rings.
   */
  freeNear(cx: number, cy: number, start = 0, cursor: Cursor = { radius: LABEL_BOX.width, slot: 0 }): { x: number; y: number } {
    for (; ; cursor.radius += STEP, cursor.slot = 0) {
      const slots = Math.max(8, Math.floor((2 * Math.PI * cursor.radius) / LABEL_BOX.height));
      for (; cursor.slot < slots; cursor.slot++) {
        // Alternate sides of the starting angle, so people gather on the side facing away.
        const i = cursor.slot;
        const turn = Math.ceil(i / 2) * (i % 2 ? 1 : -1);
        const angle = start + (2 * Math.PI * turn) / slots;
        const p = { x: cx + cursor.radius * Math.cos(angle), y: cy + cursor.radius * Math.sin(angle) };
        if (!this.crowded(p)) return p;
      }
    }
  }
}

export class ExplorerGraph {
  nodes = new Map<PersonId, Placed>();
  edges = new Map<string, ExplorerEdge>();
  private room = new Occupancy();

  private place(node: Placed) {
    this.nodes.set(node.id, node);
    this.room.add(node);
  }

  /** Adds an expansion; returns the people and relationships that are new. */
  add(expansion: Expansion): { nodes: Placed[]; edges: ExplorerEdge[] } {
    const newNodes: Placed[] = [];
    let centre = this.nodes.get(expansion.centre.id);
    if (!centre) {
      const at = this.nodes.size === 0 ? { x: 0, y: 0 } : this.room.freeNear(0, 0);
      centre = { ...expansion.centre, ...at, expanded: false };
      this.place(centre);
      newNodes.push(centre);
    }
    centre.expanded = true;
    // New people go round the centre, in the nearest free places, starting on the side
    // facing away from the first person; no two names overlap.
    const away = centre.x === 0 && centre.y === 0 ? 0 : Math.atan2(centre.y, centre.x);
    const cursor: Cursor = { radius: LABEL_BOX.width, slot: 0 };
    for (const n of expansion.nodes) {
      if (this.nodes.has(n.id)) continue;
      const at = this.room.freeNear(centre.x, centre.y, away, cursor);
      const placed = { ...n, ...at, expanded: false };
      this.place(placed);
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
        const at = this.room.freeNear(base.x, base.y, Math.PI / 4);
        node = { id: p.id, name: p.name, organisation: "", degree: 0, x: at.x, y: at.y, expanded: false };
        this.place(node);
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

/** A person's border at 1:1, in pixels (it keeps dots apart where they touch). */
export const NODE_BORDER = 2;

/**
 * A person's border width on the map at `zoom`. On a large map it is dropped once it would be
 * drawn under a pixel wide: unseen there, it still cost about two thirds of each redraw of
 * everyone in view (docs/benchmarks.md, "Explorer").
 */
export function nodeBorder(zoom: number, large: boolean): number {
  return large && NODE_BORDER * zoom < 1 ? 0 : NODE_BORDER;
}

/** The strength words used everywhere. */
export const strengthLabel = ["", "distant", "casual", "good", "strong", "very strong"] as const;
