// Cleans attacker-writable text (PR title, body, commits, diff lines, file contents) before it reaches the
// model, and spots injection attempts in it. Detection is a signal only: it adds a visible finding and can
// only make the verdict stricter, never unlock anything.

/** The tags that fence untrusted data in the prompt; text must never be able to open or close one. */
export const fenceTags = [
  "untrusted_pr_metadata",
  "untrusted_halt_answers",
  "increment",
  "analyzer_findings",
  "api_surface",
  "diff",
  "review_scope",
  "untrusted_file",
  "untrusted_listing",
  "repository_guidance",
  "guidance_file",
  // `/architect ask` and design proposals
  "untrusted_question",
  "untrusted_thread",
  "untrusted_issue",
  "untrusted_answers",
  "requirements_understood",
] as const;

/** Default-ignorable code points a reader never sees, as [first, last] ranges. */
const invisibleRanges: ReadonlyArray<readonly [number, number]> = [
  [0x00ad, 0x00ad], // soft hyphen
  [0x034f, 0x034f], // combining grapheme joiner
  [0x061c, 0x061c], // Arabic letter mark (bidi)
  [0x115f, 0x1160], // Hangul fillers
  [0x17b4, 0x17b5], // Khmer inherent vowels
  [0x180b, 0x180f], // Mongolian variation selectors and vowel separator
  [0x200b, 0x200f], // zero-width space and joiners, LRM/RLM
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2060, 0x206f], // word joiner, invisible operators, bidi isolates
  [0x3164, 0x3164], // Hangul filler
  [0xfe00, 0xfe0f], // variation selectors
  [0xfeff, 0xfeff], // zero-width no-break space (BOM)
  [0xffa0, 0xffa0], // half-width Hangul filler
  [0xfff0, 0xfff8], // unassigned specials
  [0xe0000, 0xe01ef], // tag characters (used to smuggle ASCII invisibly), variation selectors supplement
];
const codePoint = (value: number) => `\\u{${value.toString(16)}}`;
// Built from the table (a literal class of combining characters is unreadable and trips linters).
const invisiblePattern = new RegExp(
  `[${invisibleRanges.map(([first, last]) => (first === last ? codePoint(first) : `${codePoint(first)}-${codePoint(last)}`)).join("")}]`,
  "gu",
);
const bidiPattern = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const tagBlockPattern = /[\u{E0000}-\u{E007F}]/gu;

const htmlCommentPattern = /<!--[\s\S]*?(?:-->|$)/g;
const markdownImagePattern = /!\[([^\]]*)\]\(([^)]*)\)/g;
const htmlImagePattern = /<img\b[^>]*>/gi;
const fenceTagPattern = new RegExp(`<(\\s*/?\\s*)(${fenceTags.join("|")})\\b`, "gi");

/**
 * PR prose (title, description, commit messages): hidden HTML comments, invisible and bidi characters and
 * image alt text are removed — a human reader of the PR does not see them, so neither does the model — and
 * look-alikes of our fence tags are defused.
 */
export function sanitiseUntrusted(text: string): string {
  return defuseFenceTags(
    text
      .replace(htmlCommentPattern, "")
      .replace(markdownImagePattern, "[image]")
      .replace(htmlImagePattern, "[image]")
      .replace(invisiblePattern, ""),
  );
}

/**
 * Code and file contents: nothing is removed (an HTML comment in a template is code), but invisible
 * characters are made visible as `<U+202E>` so the model can see and report them (Trojan Source), and fence
 * look-alikes are defused.
 */
export function sanitiseCode(text: string): string {
  return defuseFenceTags(
    text.replace(invisiblePattern, (char) => `<U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()}>`),
  );
}

/** `</diff>` in data becomes `<\/diff>`: still readable, no longer our closing tag. */
export function defuseFenceTags(text: string): string {
  return text.replace(fenceTagPattern, (_match, slash: string, name: string) => {
    const closing = slash.includes("/");
    return closing ? `<\\/${name}` : `<\\${name}`;
  });
}

// Narrow on purpose: a false positive puts a blocker on an honest PR. "Reviewers should skip the generated
// files" or "merge without squashing" are normal human requests and must not match.
const instructionPatterns: Array<[RegExp, string]> = [
  [
    /\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}?\b(?:previous|prior|above|earlier|preceding|all|any|your|the)\b[^.\n]{0,30}?\b(?:instructions?|prompts?|rules|guidelines|directions|system message)\b/i,
    'tells the reader to ignore its instructions ("ignore previous instructions")',
  ],
  [/\b(?:new|updated|real|actual)\s+(?:system\s+)?instructions?\s*:/i, "introduces replacement instructions"],
  [
    /\b(?:reveal|print|show|repeat|output|leak|send)\b[^.\n]{0,30}?\b(?:(?:your|the) system prompt|your (?:instructions|prompt|rules)|(?:your|the) (?:api[ _-]?key|secrets|environment variables))\b/i,
    "asks for the reviewer's prompt or secrets",
  ],
  [
    /\b(?:AI|LLM|language model|assistant|Claude|GPT|Copilot|AI reviewer|automated reviewer)s?\b[^.\n]{0,80}?\b(?:must|should|shall|need to|are to|will)\b[^.\n]{0,40}?\b(?:approve|not (?:report|flag|mention))\b/i,
    "gives orders to an AI reviewer",
  ],
  [
    /\b(?:approve|lgtm)\b[^.\n]{0,40}?\b(?:without (?:review|checking|comment)|regardless|no matter what)\b/i,
    "asks for approval regardless of the review",
  ],
  [
    /\b(?:do not|don't|never)\s+(?:report|flag|point out)\b[^.\n]{0,30}?\b(?:issues?|findings?|problems?|vulnerabilit(?:y|ies)|security)\b/i,
    "tells the reviewer not to report problems",
  ],
  [/\[\/?INST\]|<\|im_(?:start|end)\|>|(?:^|\n)\s*(?:Human|Assistant)\s*:\s/i, "contains chat-role markers"],
  [
    /\b(?:ignore|disregard)\b[^.\n]{0,40}\band\s+approve\b/i,
    "tells the reader to ignore its rules and approve",
  ],
];

/**
 * Reasons `text` looks like an attempt to steer an AI reviewer; empty when it does not. Run on the raw text
 * (before sanitising): hidden comments and smuggled Unicode are part of the evidence.
 */
export function detectInjection(text: string): string[] {
  const signals = new Set<string>();
  const smuggled = decodeTagBlock(text);
  if (smuggled.length > 0) signals.add("hides text in invisible Unicode tag characters");
  if (bidiPattern.test(text)) signals.add("contains bidirectional-override characters");

  const hidden = [...text.matchAll(htmlCommentPattern)].map((match) => match[0]).join("\n");
  const images = [...text.matchAll(markdownImagePattern)].map((match) => match[1] ?? "").join("\n");
  const visible = text.replace(invisiblePattern, "");
  for (const [pattern, reason] of instructionPatterns) {
    if (pattern.test(hidden.replace(invisiblePattern, "")))
      signals.add(`${reason}, hidden in an HTML comment`);
    else if (pattern.test(images)) signals.add(`${reason}, hidden in image alt text`);
    else if (pattern.test(smuggled)) signals.add(`${reason}, in invisible characters`);
    else if (pattern.test(visible)) signals.add(reason);
  }
  if (new RegExp(`</\\s*(?:${fenceTags.join("|")})\\s*>`, "i").test(text)) {
    signals.add("contains a closing tag of the review prompt's data fences");
  }
  return [...signals];
}

/** The ASCII text hidden in Unicode tag characters (U+E0020–U+E007E), if any. */
function decodeTagBlock(text: string): string {
  let decoded = "";
  for (const match of text.matchAll(tagBlockPattern)) {
    const codePoint = match[0].codePointAt(0) ?? 0;
    const ascii = codePoint - 0xe0000;
    if (ascii >= 0x20 && ascii < 0x7f) decoded += String.fromCharCode(ascii);
  }
  return decoded;
}
