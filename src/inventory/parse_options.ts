/** Options shared by the inventory parsers. */
export interface ParseOptions {
  /**
   * Remember where every variable was set (file and line), for `explain` and `check`.
   * Costs memory on large inventories, so it is off unless asked for.
   * @default {false}
   */
  readonly trackOrigins?: boolean;
  /**
   * The most hosts one host pattern (`node[1:100]`) may expand to.
   * @default {1000000}
   */
  readonly maxRangeHosts?: number;
}
