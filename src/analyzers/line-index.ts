// Offsets ↔ 1-based line numbers of one source text (UTF-16 offsets, as JavaScript strings index them).

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.starts.push(i + 1);
  }

  /** 1-based line containing `offset`. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  /** How many lines the text has (a final newline starts one more, empty). */
  get count(): number {
    return this.starts.length;
  }

  /** Offset of the first character of 1-based `line`. */
  startOf(line: number): number {
    return this.starts[line - 1] ?? this.starts.at(-1) ?? 0;
  }
}
