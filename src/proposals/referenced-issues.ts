// The issues a PR description says it implements: `Closes #n`, `Fixes #n`, `Resolves #n` (GitHub's closing
// keywords, every tense), `Part of #n`, the same with `owner/repo#n` of this repository, and links to
// `https://github.com/<owner>/<repo>/issues/<n>`. marked's lexer decides what is prose: code blocks, inline
// code and HTML comments never reference anything (like parse-commands.ts).
import { marked, type Token } from "marked";

const keyword = String.raw`(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?|part\s+of)`;

/** Issue numbers in ascending order, each once. */
export function referencedIssues(prBody: string, owner: string, repo: string): number[] {
  const text = proseOf(marked.lexer(prBody.replace(/\r\n?/g, "\n")));
  const repository = `${escapeRegExp(owner)}/${escapeRegExp(repo)}`;
  const numbers = new Set<number>();
  const patterns = [
    new RegExp(String.raw`\b${keyword}\s*:?\s+(?:${repository})?#(\d+)\b`, "gi"),
    new RegExp(String.raw`https?://github\.com/${repository}/issues/(\d+)\b`, "gi"),
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) numbers.add(Number(match[1]));
  }
  return [...numbers].filter((n) => n > 0).sort((a, b) => a - b);
}

/** The raw text of prose tokens, with code (blocks and spans) and HTML left out. */
function proseOf(tokens: readonly Token[]): string {
  const parts: string[] = [];
  for (const token of tokens) {
    if (token.type === "code" || token.type === "codespan" || token.type === "html") continue;
    // A link's address can be the reference (`[the plan](https://github.com/o/r/issues/9)`).
    if (token.type === "link") parts.push(token.href);
    const children = childTokens(token);
    if (children.length > 0) parts.push(proseOf(children));
    else parts.push(token.raw);
  }
  return parts.join(" ");
}

function childTokens(token: Token): Token[] {
  if (token.type === "list") return token.items.flatMap((item: Token) => childTokens(item));
  if (token.type === "table") {
    return [...token.header, ...token.rows.flat()].flatMap((cell: { tokens: Token[] }) => cell.tokens);
  }
  return "tokens" in token && Array.isArray(token.tokens) ? token.tokens : [];
}

function escapeRegExp(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
