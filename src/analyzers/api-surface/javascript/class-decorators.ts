// Classes and their decorators in TypeScript trees: `@Controller('x')` on a class (or on its `export`),
// decorators on methods (written before them in the class body) and on fields (inside the field node).
import { namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";
import { argumentsOf, calleeOf } from "./js-syntax.js";

export interface Decorator {
  /** `UseGuards` for `@UseGuards(JwtAuthGuard)`, `Public` for `@Public`. */
  name: string;
  args: SyntaxNode[];
  node: SyntaxNode;
}

export interface ClassMember {
  member: SyntaxNode;
  decorators: Decorator[];
}

/** Every class declared in the file (exported or not). */
export function classesOf(root: SyntaxNode): SyntaxNode[] {
  return root
    .descendantsOfType(["class_declaration", "abstract_class_declaration", "class"])
    .filter((node): node is SyntaxNode => node !== null);
}

export function className(node: SyntaxNode): string | undefined {
  return node.childForFieldName("name")?.text;
}

/** The decorators on a class, including those written before `export`. */
export function classDecorators(node: SyntaxNode): Decorator[] {
  const own = namedChildrenOf(node).filter((child) => child.type === "decorator");
  const parent = node.parent;
  const onExport =
    parent?.type === "export_statement"
      ? namedChildrenOf(parent).filter((child) => child.type === "decorator")
      : [];
  return [...onExport, ...own].flatMap((decorator) => readDecorator(decorator) ?? []);
}

/** Methods and fields of a class body with the decorators that apply to each. */
export function classMembers(node: SyntaxNode): ClassMember[] {
  const body = node.childForFieldName("body");
  if (body === null) return [];
  const members: ClassMember[] = [];
  let pending: Decorator[] = [];
  for (const child of namedChildrenOf(body)) {
    if (child.type === "decorator") {
      const decorator = readDecorator(child);
      if (decorator !== undefined) pending.push(decorator);
      continue;
    }
    if (child.type === "comment") continue;
    const inner = namedChildrenOf(child)
      .filter((grandchild) => grandchild.type === "decorator")
      .flatMap((decorator) => readDecorator(decorator) ?? []);
    members.push({ member: child, decorators: [...pending, ...inner] });
    pending = [];
  }
  return members;
}

function readDecorator(node: SyntaxNode): Decorator | undefined {
  const expression = namedChildrenOf(node)[0];
  if (expression === undefined) return undefined;
  if (expression.type === "call_expression") {
    const callee = calleeOf(expression);
    const name =
      callee?.type === "member_expression" ? callee.childForFieldName("property")?.text : callee?.text;
    return name === undefined ? undefined : { name, args: argumentsOf(expression), node };
  }
  if (expression.type === "identifier") return { name: expression.text, args: [], node };
  if (expression.type === "member_expression") {
    const name = expression.childForFieldName("property")?.text;
    return name === undefined ? undefined : { name, args: [], node };
  }
  return undefined;
}
