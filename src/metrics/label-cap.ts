/** The label value every value past the cap is folded into. */
export const OTHER_LABEL = 'other';

/**
 * Bounds the distinct values of a label that clients control (operation names, error codes):
 * the first `maxValues` distinct values are kept as they are, cut to `maxLength` characters,
 * and any later new value becomes `other`. Without it a client could create one series per
 * request and grow the process's memory and every scrape without limit.
 */
export class LabelCap {
  private readonly seen = new Set<string>();

  constructor(
    private readonly maxValues: number,
    private readonly maxLength = 100,
  ) {}

  /** The label value to record for `value`: itself (shortened) while room remains, else `other`. */
  label(value: string): string {
    const shortened = value.length > this.maxLength ? value.slice(0, this.maxLength) : value;
    if (this.seen.has(shortened)) return shortened;
    if (this.seen.size >= this.maxValues) return OTHER_LABEL;
    this.seen.add(shortened);
    return shortened;
  }
}
