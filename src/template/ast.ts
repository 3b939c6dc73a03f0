// The parsed form of one `{{ … }}` expression. Offsets point into the original template string
// so every error can say where the problem is.

export interface PathSegment {
  name: string;
  /** Written as `['x.y']`: never split or merged with its neighbours. */
  bracket: boolean;
}

export interface FilterCall {
  name: string;
  args: Array<string | number | boolean>;
  offset: number;
}

export type Node =
  | { type: 'path'; segments: PathSegment[]; offset: number }
  | { type: 'literal'; value: string | number | boolean; offset: number }
  | { type: 'pipe'; input: Node; filters: FilterCall[]; offset: number }
  | { type: 'compare'; op: '==' | '!='; left: Node; right: Node; offset: number }
  | { type: 'not'; operand: Node; offset: number }
  | { type: 'logic'; op: 'and' | 'or'; left: Node; right: Node; offset: number };

/** A template split into literal text and expressions, in order. */
export type Segment = { type: 'text'; text: string } | { type: 'expr'; node: Node; offset: number; end: number };
