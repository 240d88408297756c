// DTO classes (NestJS / class-validator): `class CreateOrderDto { @IsString() name: string; note?: string }`.
// Request shapes unless named as a response (`OrderResponseDto`); `?`, `@IsOptional()` and initialisers make
// a field optional; an `extends` (`PartialType(CreateOrderDto)`, a base class) leaves the list open.
import type { Shape, ShapeField, ShapeRole } from "../api-surface.js";
import { endLineOf, lineOf, namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";
import { type ClassMember, classDecorators, classesOf, classMembers, className } from "./class-decorators.js";
import { propertyKeyName } from "./js-syntax.js";

const dtoName = /(?:Dto|DTO|Request|Input|Body|Payload|Params|Query|Response|Output)$/;
const responseName = /Response|Output|Result/;
const validatorDecorator =
  /^(?:Is[A-Z]\w*|Min|Max|Length|MinLength|MaxLength|Matches|ValidateNested|Type|ApiProperty|ApiPropertyOptional|ApiResponseProperty|Expose|Allow|Equals|ArrayMinSize|ArrayMaxSize|ArrayNotEmpty)$/;
const optionalDecorator = /^(?:IsOptional|ApiPropertyOptional|ValidateIf)$/;

export function extractDtoShapes(root: SyntaxNode): Shape[] {
  const shapes: Shape[] = [];
  for (const node of classesOf(root)) {
    const name = className(node);
    if (name === undefined || classDecorators(node).some((decorator) => decorator.name === "Controller"))
      continue;
    const fields = classMembers(node).filter((member) => isField(member.member));
    const validated = fields.some((member) => member.decorators.some((d) => validatorDecorator.test(d.name)));
    // A decorated or derived class with validation decorators is an ORM model (`@Table class Group extends
    // Model`), not a DTO, unless its name says so.
    const plain = classDecorators(node).length === 0 && !hasHeritage(node);
    if (!dtoName.test(name) && !(validated && plain)) continue;
    const role: ShapeRole = responseName.test(name) ? "response" : "request";
    shapes.push({
      name,
      role,
      fields: fields.flatMap((member) => fieldOf(member, role) ?? []),
      open: hasHeritage(node),
      line: lineOf(node.parent?.type === "export_statement" ? node.parent : node),
      endLine: endLineOf(node),
    });
  }
  return shapes;
}

function hasHeritage(node: SyntaxNode): boolean {
  return namedChildrenOf(node).some((child) => child.type === "class_heritage");
}

function isField(member: SyntaxNode): boolean {
  return member.type === "public_field_definition" || member.type === "field_definition";
}

/** A field clients see: not static, private or protected, not a `#private` one. */
function fieldOf(member: ClassMember, role: ShapeRole): ShapeField | undefined {
  const node = member.member;
  const children = node.children.filter((child): child is SyntaxNode => child !== null);
  if (children.some((child) => child.type === "static")) return undefined;
  const accessibility = children.find((child) => child.type === "accessibility_modifier")?.text;
  if (accessibility === "private" || accessibility === "protected") return undefined;
  const key = node.childForFieldName("name") ?? node.childForFieldName("property");
  const name = propertyKeyName(key);
  if (key === null || name === undefined || name.startsWith("#")) return undefined;
  const optional =
    children.some((child) => child.type === "?") ||
    node.childForFieldName("value") !== null ||
    member.decorators.some((decorator) => optionalDecorator.test(decorator.name));
  return { name, required: role === "request" && !optional, line: lineOf(key) };
}
